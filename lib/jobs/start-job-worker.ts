import "server-only";
import { EventEmitter } from "node:events";
import { run, type Runner, type WorkerEvents } from "graphile-worker";
import pg from "pg";
import { prisma, type ConnectionSetup } from "@/lib/db/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/log/logger";
import { recordWorkerHeartbeat, removeWorkerHeartbeat } from "@/lib/mail/record-worker-heartbeat";
import { JOB_ENGINE_SCHEMA } from "./install-job-engine";
import { createJobEngineLogger } from "./job-engine-logger";
import { PROJECT_JOB_RUNNERS } from "./project-job-runners";
import { PROJECT_JOB_TASK, PURGE_JOB_UPLOADS_TASK } from "./project-job-types";
import { purgeJobUploads } from "./purge-job-uploads";
import { runProjectJob } from "./run-project-job";

export type JobWorkerOptions = {
  /** Jobs run at once by this process; a bulk job is budgeted to 512 MB, so one by default. */
  concurrency?: number;
  /** How often this process's engine workers write their heartbeats and look for dead ones. */
  heartbeatMs?: number;
  /** A worker silent for this long is dead: its jobs are unlocked and retried. */
  staleAfterMs?: number;
  /** Run on each new connection of the engine's pool (the worker process lowers its backends' priority). */
  prepareConnection?: ConnectionSetup;
};

export type JobWorker = { stop(): Promise<void> };

const globalForJobs = globalThis as unknown as { pledgehouseJobWorker?: Promise<JobWorker> };

/**
 * Unlocks the jobs of engine workers that stopped beating (a SIGKILL, a lost machine) so another
 * worker retries them now. graphile-worker alone would leave such a job locked for four hours.
 */
export async function unlockJobsOfDeadWorkers(staleAfterMs: number): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const dead = await tx.$queryRaw<{ locked_by: string }[]>`
      SELECT DISTINCT j.locked_by FROM graphile_worker.jobs j
      WHERE j.locked_by IS NOT NULL
        AND j.locked_at < now() - make_interval(secs => ${staleAfterMs / 1000}::float8)
        AND NOT EXISTS (
          SELECT 1 FROM worker_heartbeat h
          WHERE h.worker_id = j.locked_by AND h.beat_at >= now() - make_interval(secs => ${staleAfterMs / 1000}::float8)
        )`;
    await tx.$executeRaw`
      DELETE FROM worker_heartbeat WHERE kind = 'jobs' AND beat_at < now() - make_interval(secs => ${staleAfterMs / 1000}::float8)`;
    const ids = dead.map((row) => row.locked_by);
    if (ids.length > 0) await tx.$executeRaw`SELECT graphile_worker.force_unlock_workers(${ids}::text[])`;
    return ids;
  });
}

async function startJobWorkerNow({ concurrency = 1, heartbeatMs = 5_000, staleAfterMs = 20_000, prepareConnection }: JobWorkerOptions): Promise<JobWorker> {
  const log = logger.child({ component: "jobs" });
  const engineWorkers = new Set<string>();
  const events = new EventEmitter() as WorkerEvents;
  const beat = () =>
    Promise.all([...engineWorkers].map((id) => recordWorkerHeartbeat(id, "jobs"))).catch((error: unknown) =>
      log.error({ err: error }, "job worker heartbeat failed"),
    );
  events.on("worker:create", ({ worker }) => {
    engineWorkers.add(worker.workerId);
    void beat();
  });
  events.on("worker:stop", ({ worker }) => {
    engineWorkers.delete(worker.workerId);
    void removeWorkerHeartbeat(worker.workerId).catch(() => {});
  });

  // The engine's own connections (fetching, completing, LISTEN) go through a pool of ours so they get
  // the same setup as the app's; the job's statements run on the app's pool (lib/db).
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: concurrency + 2, onConnect: prepareConnection });
  // A connection that breaks while idle or checked out must not crash the process: pg drops it
  // from the pool and the next query reports it (the handlers graphile-worker installs on its own pools).
  pool.on("error", (error) => log.error({ err: error }, "job engine: idle database connection failed"));
  pool.on("connect", (client) => client.on("error", (error) => log.error({ err: error }, "job engine: database connection failed")));
  const runner: Runner = await run({
    pgPool: pool,
    schema: JOB_ENGINE_SCHEMA,
    concurrency,
    noHandleSignals: true,
    pollInterval: 2_000,
    events,
    logger: createJobEngineLogger((level, meta, message) => log[level](meta, `job engine: ${message}`)),
    taskList: {
      [PROJECT_JOB_TASK]: (payload, helpers) => runProjectJob(PROJECT_JOB_RUNNERS, payload, helpers),
      [PURGE_JOB_UPLOADS_TASK]: async () => {
        const removed = await purgeJobUploads();
        if (removed > 0) log.info({ removed }, "removed stored uploads past their retention");
      },
    },
    // Once an hour across all workers (the engine records each run), not once per process.
    crontab: `0 * * * * ${PURGE_JOB_UPLOADS_TASK}`,
  }).catch(async (error: unknown) => {
    await pool.end().catch(() => {});
    throw error;
  });

  const sweep = async () => {
    await beat();
    try {
      const unlocked = await unlockJobsOfDeadWorkers(staleAfterMs);
      if (unlocked.length > 0) log.warn({ workers: unlocked }, "unlocked the jobs of workers that stopped; they will be retried");
    } catch (error) {
      log.error({ err: error }, "looking for dead job workers failed");
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), heartbeatMs);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      await runner.stop();
      await Promise.all([...engineWorkers].map((id) => removeWorkerHeartbeat(id).catch(() => {})));
      await pool.end();
    },
  };
}

/**
 * Runs project jobs (bulk applies) in this process through graphile-worker: picked up at once via
 * LISTEN/NOTIFY, one job per project at a time, retried after a crash. Calling it again while it
 * runs returns the running worker (Next may evaluate instrumentation twice in development).
 */
export function startJobWorker(options: JobWorkerOptions = {}): Promise<JobWorker> {
  const running = globalForJobs.pledgehouseJobWorker;
  if (running) return running;
  const started = startJobWorkerNow(options).then((worker) => ({
    async stop() {
      await worker.stop();
      if (globalForJobs.pledgehouseJobWorker === started) globalForJobs.pledgehouseJobWorker = undefined;
    },
  }));
  started.catch(() => {
    if (globalForJobs.pledgehouseJobWorker === started) globalForJobs.pledgehouseJobWorker = undefined;
  });
  globalForJobs.pledgehouseJobWorker = started;
  return started;
}
