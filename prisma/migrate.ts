import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { installJobEngine } from "@/lib/jobs/install-job-engine";

export const MIGRATIONS_DIR = path.join(import.meta.dirname, "migrations");

/** Arbitrary constant: the advisory lock that serialises migration runs across processes. */
const LOCK_ID = 72_616_110;

export type MigrationResult = { applied: string[]; alreadyApplied: string[] };

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

// Same table Prisma Migrate keeps, so `prisma migrate status` and `deploy` see our runs as theirs.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Prisma's checksum: sha256 of the migration file's bytes, hex. */
export function checksumOf(sql: Buffer | string): string {
  return createHash("sha256").update(sql).digest("hex");
}

function lineOf(sql: string, position: number | undefined): number | undefined {
  if (!position) return undefined;
  return sql.slice(0, position - 1).split("\n").length;
}

/**
 * Applies every migration in `dir` that the database has not recorded yet, in name order, each in
 * its own transaction with its `_prisma_migrations` row, so a failing migration leaves nothing
 * behind. Concurrent callers wait on an advisory lock; a second run is a no-op. A migration whose
 * file changed after it was applied is refused rather than silently skipped.
 */
export async function applyMigrations(connectionString: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  const client = new pg.Client({ connectionString });
  await client.connect();
  const result: MigrationResult = { applied: [], alreadyApplied: [] };
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((row) => [row.migration_name, row.checksum]));

    for (const name of names) {
      const file = path.join(dir, name, "migration.sql");
      const bytes = await readFile(file);
      const checksum = checksumOf(bytes);
      const recorded = done.get(name);
      if (recorded) {
        if (recorded !== checksum) {
          throw new MigrationError(
            `${path.relative(process.cwd(), file)} was edited after it was applied (checksum differs). ` +
              `Never edit an applied migration: add a new one instead.`,
            name,
          );
        }
        result.alreadyApplied.push(name);
        continue;
      }
      const sql = bytes.toString("utf8");
      const startedAt = new Date();
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, $4, 1)`,
          [randomUUID(), checksum, name, startedAt],
        );
        await client.query("COMMIT");
        result.applied.push(name);
      } catch (error) {
        await client.query("ROLLBACK");
        const pgError = error as { message: string; position?: string };
        const line = lineOf(sql, pgError.position ? Number(pgError.position) : undefined);
        throw new MigrationError(
          `Migration ${path.relative(process.cwd(), file)}${line ? ` (line ${line})` : ""} failed and was rolled back: ${pgError.message}`,
          name,
        );
      }
    }
    // The job engine's schema is part of the database the app needs; it is versioned by the
    // package (graphile_worker.migrations), not by our files.
    await installJobEngine(connectionString);
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => {});
    await client.end();
  }
}

// `npm run db:migrate`: apply pending migrations to DATABASE_URL (the bundled copy in production).
if (process.argv[1] && import.meta.filename === (await import("node:fs")).realpathSync(process.argv[1])) {
  // Same configuration check as the web process and the worker: one .env serves all three, and a
  // wrong one should stop the deploy at its first step. lib/env exits with the list of problems.
  const { env } = await import("@/lib/env");
  const { logger } = await import("@/lib/log/logger");
  const log = logger.child({ process: "migrate" });
  const url = env.DATABASE_URL;
  if (!url) {
    log.error("DATABASE_URL is not set. `npm run dev` migrates the embedded database by itself.");
    process.exit(1);
  }
  const result = await applyMigrations(url).catch((error: Error) => {
    log.error({ migration: error instanceof MigrationError ? error.migration : undefined }, error.message);
    process.exit(1);
  });
  log.info(
    { applied: result.applied, alreadyApplied: result.alreadyApplied.length },
    `Applied ${result.applied.length} migration(s); ${result.alreadyApplied.length} already applied.`,
  );
}
