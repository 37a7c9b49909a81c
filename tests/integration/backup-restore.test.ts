import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkReadiness } from "@/lib/health/check-readiness";
import { applyMigrations, MIGRATIONS_DIR } from "@/prisma/migrate";
import { seedDemo } from "@/prisma/seed";

/**
 * The README's backup and restore, with the real tools: `pg_dump --format=custom` of a migrated,
 * seeded database, `pg_restore` into a new one, and the app's own migrator and readiness check on
 * the copy. pg_dump refuses servers newer than itself, so this runs a throwaway cluster of the
 * Debian PostgreSQL on the machine (/usr/lib/postgresql/<major>/bin) rather than the embedded 18.
 */
const POSTGRES_BIN = readdirSync("/usr/lib/postgresql", { withFileTypes: true })
  .map((entry) => path.join("/usr/lib/postgresql", entry.name, "bin"))
  .find((bin) => ["initdb", "pg_ctl", "pg_dump", "pg_restore"].every((tool) => existsSync(path.join(bin, tool))));

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program, as the postgres user when we are root (Postgres refuses root). */
function pgTool(tool: string, args: string[]): string {
  const file = path.join(POSTGRES_BIN!, tool);
  const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
  return execFileSync(command, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function query<Row>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

describe.skipIf(!POSTGRES_BIN)("backup and restore with pg_dump / pg_restore", () => {
  let dir = "";
  let port = 0;
  const url = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "pledgehouse-restore-"));
    chmodSync(dir, 0o755);
    if (asRoot) {
      const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
      chownSync(dir, id("-u"), id("-g"));
    }
    port = await freePort();
    pgTool("initdb", ["-D", path.join(dir, "data"), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"]);
    pgTool("pg_ctl", [
      "-D", path.join(dir, "data"), "-l", path.join(dir, "server.log"), "-w", "start",
      "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    ]);
    await query(url("postgres"), "CREATE DATABASE pledgehouse_source");
    await applyMigrations(url("pledgehouse_source"));
    await seedDemo(url("pledgehouse_source"), { backers: 60 });
  }, 180_000);

  afterAll(() => {
    if (!dir) return;
    try {
      pgTool("pg_ctl", ["-D", path.join(dir, "data"), "-m", "immediate", "stop"]);
    } catch {
      // Never started.
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("restores a dump into a new database that the app recognises as fully migrated, with every row", async () => {
    const dump = path.join(dir, "pledgehouse.dump");
    pgTool("pg_dump", ["--format=custom", "--no-owner", `--file=${dump}`, url("pledgehouse_source")]);
    await query(url("postgres"), "CREATE DATABASE pledgehouse_restored");
    pgTool("pg_restore", ["--no-owner", "--exit-on-error", `--dbname=${url("pledgehouse_restored")}`, dump]);

    // The migrator finds the history in the copy: nothing to apply, nothing refused as edited.
    const shipped = readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;
    const migrated = await applyMigrations(url("pledgehouse_restored"));
    expect(migrated).toEqual({ applied: [], alreadyApplied: expect.any(Array) });
    expect(migrated.alreadyApplied).toHaveLength(shipped);

    const readiness = await checkReadiness({
      query: async <Row>(sql: string) => query<Row>(url("pledgehouse_restored"), sql),
      migrationsDir: MIGRATIONS_DIR,
      workerInProcess: true,
    });
    expect(readiness.checks.database.ok).toBe(true);
    expect(readiness.checks.migrations).toEqual({ ok: true, applied: shipped, pending: 0 });

    const counts = `SELECT (SELECT count(*) FROM project)::int AS projects, (SELECT count(*) FROM backer)::int AS backers,
                           (SELECT count(*) FROM pledge)::int AS pledges, (SELECT count(*) FROM "user")::int AS users`;
    const [source] = await query<Record<string, number>>(url("pledgehouse_source"), counts);
    const [restored] = await query<Record<string, number>>(url("pledgehouse_restored"), counts);
    expect(source.backers).toBeGreaterThanOrEqual(60);
    expect(restored).toEqual(source);
    // The search index on names (pg_trgm) came back with the data.
    const [trgm] = await query<{ installed: boolean }>(
      url("pledgehouse_restored"),
      "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') AS installed",
    );
    expect(trgm.installed).toBe(true);
  }, 120_000);
});
