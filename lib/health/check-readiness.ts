import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { env, mailWorkerInProcess } from "@/lib/env";
import { HEARTBEAT_INTERVAL_MS } from "@/lib/mail/record-worker-heartbeat";

/** A worker that has not written its heartbeat for this long is counted as gone. */
export const WORKER_SILENT_AFTER_SECONDS = (HEARTBEAT_INTERVAL_MS / 1000) * 6;
/** A message due this long ago and still queued means delivery is not keeping up. */
export const QUEUE_STALE_AFTER_SECONDS = 15 * 60;

export type Readiness = {
  status: "ok" | "unavailable";
  checks: {
    database: { ok: boolean; ms?: number };
    migrations: { ok: boolean; applied?: number; pending?: number };
    mailWorker: { ok: boolean; lastSeenSecondsAgo: number | null };
    mailQueue: { ok: boolean; due?: number; oldestDueSeconds?: number | null };
  };
};

type Query = <Row>(sql: string) => Promise<Row[]>;

const globalForHealth = globalThis as unknown as { pledgehouseHealthPool?: pg.Pool };

// Its own single connection with short timeouts: a readiness probe must answer quickly when the
// database is gone, and must not wait behind the app's busy pool.
function healthQuery(): Query {
  const pool =
    globalForHealth.pledgehouseHealthPool ??
    new pg.Pool({
      connectionString: env.DATABASE_URL,
      max: 1,
      connectionTimeoutMillis: 2_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 2_000,
    });
  pool.on("error", () => {});
  globalForHealth.pledgehouseHealthPool = pool;
  return async <Row>(sql: string) => (await pool.query(sql)).rows as Row[];
}

async function migrationNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

/**
 * What /api/health/ready reports: the database answers, every migration shipped with this build is
 * applied, a mail worker wrote its heartbeat recently (or runs in this process), and no email has
 * waited past its due time for long. Instance-wide figures only: nothing about any project.
 */
export async function checkReadiness({
  query = healthQuery(),
  migrationsDir = path.join(process.cwd(), "prisma", "migrations"),
  workerInProcess = mailWorkerInProcess,
}: { query?: Query; migrationsDir?: string; workerInProcess?: boolean } = {}): Promise<Readiness> {
  const checks: Readiness["checks"] = {
    database: { ok: false },
    migrations: { ok: false },
    mailWorker: { ok: false, lastSeenSecondsAgo: null },
    mailQueue: { ok: false },
  };
  const started = performance.now();
  try {
    await query("SELECT 1");
    checks.database = { ok: true, ms: Math.round(performance.now() - started) };

    const [shipped, appliedRows] = await Promise.all([
      migrationNames(migrationsDir),
      query<{ migration_name: string }>(
        `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      ).catch(() => []),
    ]);
    const applied = new Set(appliedRows.map((row) => row.migration_name));
    const pending = shipped.filter((name) => !applied.has(name)).length;
    checks.migrations = { ok: pending === 0, applied: applied.size, pending };

    const [beat] = await query<{ seconds: number | null }>(
      `SELECT extract(epoch FROM now() - max(beat_at))::float8 AS seconds FROM worker_heartbeat WHERE kind = 'mail'`,
    ).catch(() => [{ seconds: null }]);
    const seconds = beat?.seconds === null || beat?.seconds === undefined ? null : Math.max(0, Math.round(beat.seconds));
    checks.mailWorker = {
      ok: workerInProcess || (seconds !== null && seconds <= WORKER_SILENT_AFTER_SECONDS),
      lastSeenSecondsAgo: seconds,
    };

    // Both read the (status, next_attempt_at) index; the count stops at 10,000.
    const [queue] = await query<{ due: number; oldest: number | null }>(
      `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM email_message WHERE status = 'QUEUED' AND next_attempt_at <= now() LIMIT 10000) AS due) AS due,
              (SELECT extract(epoch FROM now() - min(next_attempt_at))::float8 FROM email_message
                WHERE status = 'QUEUED' AND next_attempt_at <= now()) AS oldest`,
    );
    const oldest = queue.oldest === null ? null : Math.max(0, Math.round(queue.oldest));
    checks.mailQueue = { ok: oldest === null || oldest <= QUEUE_STALE_AFTER_SECONDS, due: queue.due, oldestDueSeconds: oldest };
  } catch {
    // The checks not reached stay false; the error itself (a host name, a user) is not for the public.
  }
  const ok = Object.values(checks).every((check) => check.ok);
  return { status: ok ? "ok" : "unavailable", checks };
}
