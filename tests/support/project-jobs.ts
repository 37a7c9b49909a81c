import { expect } from "vitest";
import { prisma } from "@/lib/db/client";
import { createProject, createUser } from "@/lib/demo/factories";
import type { JobWorker } from "@/lib/jobs/start-job-worker";
import {
  connectSecondSession,
  spawnMailWorker,
  waitForBlockedBackends,
  waitUntil,
  type WorkerProcess,
} from "./fault-mail";

/** A project with `count` backers (backer1@example.com … with backer numbers 1…count), each with a collected pledge, inserted set-based. */
export async function largeJobCampaign(count: number, name = "Big Forest") {
  const owner = await createUser(prisma);
  const project = await createProject(prisma, { ownerId: owner.id, name });
  await prisma.$executeRaw`
    INSERT INTO backer (project_id, email, name, backer_number)
    SELECT ${project.id}::uuid, 'backer' || g || '@example.com', 'Backer ' || g, g FROM generate_series(1, ${count}) g`;
  await prisma.$executeRaw`
    INSERT INTO pledge (project_id, backer_id, amount, pledged_at)
    SELECT project_id, id, 5000, now() - interval '30 days' FROM backer WHERE project_id = ${project.id}::uuid`;
  return { owner, project };
}

export const readJob = (id: string) => prisma.projectJob.findUniqueOrThrow({ where: { id } });

export const engineJobCount = async () =>
  Number((await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs`)[0].n);

export async function waitForJobStatus(id: string, statuses: string[], timeoutMs = 30_000) {
  await waitUntil(
    async () => statuses.includes((await readJob(id)).status),
    `job ${id} to be ${statuses.join(" or ")}`,
    timeoutMs,
  );
  return readJob(id);
}

/**
 * Starts a worker process and SIGKILLs it while its job's transaction is open with every write but
 * the last done: bulk applies write their audit event last, so a second session holding a SHARE lock
 * on audit_event stops the job right there. Checks the job's transaction held `writtenTables`, waits
 * for Postgres to end the dead client's transaction, and returns the killed worker.
 */
export async function killWorkerBeforeAuditEvent(
  smtpUrl: string,
  writtenTables: string[],
  children: WorkerProcess[],
): Promise<void> {
  const session = await connectSecondSession();
  await session.query("BEGIN");
  await session.query("LOCK TABLE audit_event IN SHARE MODE");
  const first = spawnMailWorker(smtpUrl);
  children.push(first);
  try {
    const [pid] = await waitForBlockedBackends(session, "%INSERT INTO%audit_event%", 1, 120_000);
    const { rows } = await session.query<{ relation: string }>(
      `SELECT DISTINCT relation::regclass::text AS relation FROM pg_locks WHERE pid = $1 AND mode = 'RowExclusiveLock'`,
      [pid],
    );
    expect(rows.map((row) => row.relation)).toEqual(expect.arrayContaining(writtenTables));
    first.child.kill("SIGKILL");
    expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
  } finally {
    await session.query("ROLLBACK");
    await session.end();
  }
  // The dead client's backend aborts its transaction once it can read from the closed socket.
  await waitUntil(
    async () =>
      (
        await prisma.$queryRaw<{ n: bigint }[]>`
          SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`
      )[0].n === 0n,
    "the killed worker's transaction to end",
  );
}

/**
 * Ends what a job test started: SIGKILLs the worker processes still running (and waits for them to
 * exit) and stops the in-process worker, so the next test starts with no worker claiming its jobs.
 */
export async function stopJobTestWorkers(children: WorkerProcess[], inProcess: JobWorker | undefined): Promise<void> {
  for (const worker of children.splice(0)) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill("SIGKILL");
      await worker.exited;
    }
  }
  await inProcess?.stop();
}
