import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_BACKER_REPORT_QUERY } from "@/lib/backers/report/backer-report-query-schema";
import { startBackerReportExportJob } from "@/lib/backers/report/start-backer-report-export-job";
import { prisma } from "@/lib/db/client";
import { lowerBackendPriorityOnConnect } from "@/lib/db/lower-backend-priority";
import { createLogger } from "@/lib/log/logger";
import {
  connectSecondSession,
  spawnMailWorker,
  waitForBlockedBackends,
  type WorkerProcess,
} from "../support/fault-mail";
import { largeJobCampaign, stopJobTestWorkers, waitForJobStatus } from "../support/project-jobs";

// The worker's deliveries to this closed port fail and are retried later; no test here sends mail.
const NO_SMTP = "smtp://127.0.0.1:9";
const NOT_PERMITTED = "could not lower the priority of the worker's Postgres backends";

const children: WorkerProcess[] = [];
afterEach(async () => {
  await stopJobTestWorkers(children, undefined);
});

/** Field 19 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
function niceOf(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
}

const processNice = (pid: number) => niceOf(readFileSync(`/proc/${pid}/stat`, "utf8"));

/** The niceness of every thread of `pid`: Linux keeps one per thread. */
const threadNices = (pid: number) =>
  readdirSync(`/proc/${pid}/task`)
    .map((tid) => {
      try {
        return niceOf(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8"));
      } catch {
        return undefined; // the thread ended while we looked
      }
    })
    .filter((nice) => nice !== undefined);

/** A project of `backers` and an export of all of them queued for the worker, as the export route queues it. */
async function queueExport(backers = 3): Promise<string> {
  const { owner, project } = await largeJobCampaign(backers);
  const { jobId } = await prisma.$transaction((tx) =>
    startBackerReportExportJob(tx, {
      projectId: project.id,
      actorId: owner.id,
      rows: backers,
      export: {
        selection: { kind: "matching", filter: DEFAULT_BACKER_REPORT_QUERY.filter, exceptIds: [] },
        sort: DEFAULT_BACKER_REPORT_QUERY.sort,
        dir: "asc",
        format: "csv",
        fileName: "backers.csv",
        timeZone: "UTC",
      },
    }),
  );
  return jobId;
}

/**
 * Starts `npm run worker` with `env` and stops its export job while the job's connection writes the
 * file (a second session holds a SHARE lock on the file's table), and answers the niceness of the
 * worker's threads, of the backend running the job's statement and of the job engine's LISTEN
 * backend; then lets the job finish.
 */
async function nicesWhileAJobRuns(env: Record<string, string>) {
  const jobId = await queueExport();
  const session = await connectSecondSession();
  await session.query("BEGIN");
  await session.query("LOCK TABLE project_job_output_chunk IN SHARE MODE");
  const worker = spawnMailWorker(NO_SMTP, { env });
  children.push(worker);
  try {
    const [jobBackend] = await waitForBlockedBackends(session, "%project_job_output_chunk%", 1, 60_000);
    const { rows } = await session.query<{ pid: number }>(
      // graphile-worker's LISTEN connection; the mail worker's own listener (idle, woken only by a commit) is left as it is.
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND application_name <> 'pledgehouse mail listener'`,
    );
    expect(rows).toHaveLength(1);
    const nices = {
      worker: threadNices(worker.child.pid!),
      jobBackend: processNice(jobBackend),
      engineBackend: processNice(rows[0].pid),
    };
    await session.query("ROLLBACK");
    expect(await waitForJobStatus(jobId, ["DONE", "FAILED"])).toMatchObject({ status: "DONE" });
    return { ...nices, output: worker.output() };
  } finally {
    await session.end();
  }
}

describe("WORKER_NICE: the worker yields the CPU to web requests", () => {
  it("lowers the worker's threads and the Postgres backends of its job and engine connections to the configured niceness", async () => {
    const nices = await nicesWhileAJobRuns({ WORKER_NICE: "7" });
    expect(nices.worker.length).toBeGreaterThan(1);
    expect(new Set(nices.worker)).toEqual(new Set([7]));
    expect(nices.jobBackend).toBe(7);
    expect(nices.engineBackend).toBe(7);
    expect(nices.output).not.toContain(NOT_PERMITTED);
  }, 120_000);

  it("leaves the worker and its backends at normal priority with WORKER_NICE=0", async () => {
    const nices = await nicesWhileAJobRuns({ WORKER_NICE: "0" });
    expect(new Set(nices.worker)).toEqual(new Set([0]));
    expect(nices.jobBackend).toBe(0);
    expect(nices.engineBackend).toBe(0);
  }, 120_000);

  it("refuses an invalid WORKER_NICE at start with a message naming the variable and the allowed values", async () => {
    const worker = spawnMailWorker(NO_SMTP, { env: { WORKER_NICE: "-5" } });
    children.push(worker);
    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.output()).toContain(
      "WORKER_NICE: must be a whole number from 0 (the worker keeps normal priority) to 19 (lowest priority)",
    );
  }, 60_000);

  // Postgres runs as its own OS user here; a worker started as `nobody` may not renice its backends.
  it.skipIf(process.getuid?.() !== 0)(
    "when Postgres's backends may not be reniced (another OS user), says so once and still runs every job",
    async () => {
      const jobs = [await queueExport(), await queueExport(5)];
      const worker = spawnMailWorker(NO_SMTP, { env: { WORKER_NICE: "10" }, uid: 65534, gid: 65534 });
      children.push(worker);
      for (const jobId of jobs)
        expect(await waitForJobStatus(jobId, ["DONE", "FAILED"], 60_000)).toMatchObject({ status: "DONE" });
      expect(worker.output().split(NOT_PERMITTED)).toHaveLength(2);
      expect(worker.output()).toContain("EPERM: Postgres runs as another OS user than this worker");
      // Its own process it may always lower.
      expect(new Set(threadNices(worker.child.pid!))).toEqual(new Set([10]));
    },
    120_000,
  );
});

describe("lowerBackendPriorityOnConnect", () => {
  it("renices the connection's backend and turns parallel query off for it, so no helper process works at full priority", async () => {
    const lines: string[] = [];
    const setup = lowerBackendPriorityOnConnect(4, createLogger({ write: (line: string) => lines.push(line) }));
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await setup(client);
      const { rows } = await client.query<{ pid: number; parallel: string }>(
        "SELECT pg_backend_pid() AS pid, current_setting('max_parallel_workers_per_gather') AS parallel",
      );
      expect(processNice(rows[0].pid)).toBe(4);
      expect(rows[0].parallel).toBe("0");
      expect(lines).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
