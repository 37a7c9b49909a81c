import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_BACKER_REPORT_QUERY } from "@/lib/backers/report/backer-report-query-schema";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { prisma } from "@/lib/db/client";
import { createBacker, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { cancelProjectJobOrThrow } from "@/lib/jobs/cancel-project-job";
import { purgeJobUploads } from "@/lib/jobs/purge-job-uploads";
import { startJobWorker, type JobWorker } from "@/lib/jobs/start-job-worker";
import { previewTrackingUpload } from "@/lib/tracking/preview-tracking-upload";
import { startTrackingApplyJob } from "@/lib/tracking/start-tracking-apply-job";
import { generateFilledTrackingTemplate } from "@/tests/fixtures/tracking/generate-filled-tracking-template";
import { connectSecondSession, countByRecipient, once, spawnMailWorker, waitForBlockedBackends, waitUntil, type WorkerProcess } from "../support/fault-mail";
import { stopJobTestWorkers } from "../support/project-jobs";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";

let smtp: SmtpTestServer;
let inProcess: JobWorker | undefined;
const children: WorkerProcess[] = [];
beforeEach(async () => {
  smtp = await startSmtpTestServer();
});
afterEach(async () => {
  await stopJobTestWorkers(children, inProcess);
  inProcess = undefined;
  await smtp.stop();
});

async function campaign(backers: number, name = "Tiny Forest") {
  const owner = await createUser(prisma, { email: `creator-${name.length}-${backers}@example.com` });
  const project = await createProject(prisma, { ownerId: owner.id, name });
  const level = await createPledgeLevel(prisma, project.id, { name: "Deluxe" });
  const people = [];
  for (let n = 1; n <= backers; n++) {
    const { backer } = await createBacker(prisma, project.id, {
      backerNumber: n,
      email: `backer${n}@example.com`,
      name: `Backer ${n}`,
      pledge: { pledgeLevelId: level.id },
    });
    people.push(backer);
  }
  return { owner, project, backers: people };
}

/** A project with `count` backers inserted set-based (the factories would take minutes). */
async function largeCampaign(count: number) {
  const owner = await createUser(prisma, { email: "creator@example.com" });
  const project = await createProject(prisma, { ownerId: owner.id, name: "Big Forest" });
  await prisma.$executeRaw`
    INSERT INTO backer (project_id, email, name, backer_number)
    SELECT ${project.id}::uuid, 'backer' || g || '@example.com', 'Backer ' || g, g FROM generate_series(1, ${count}) g`;
  await prisma.$executeRaw`
    INSERT INTO pledge (project_id, backer_id, amount, pledged_at)
    SELECT project_id, id, 5000, now() - interval '30 days' FROM backer WHERE project_id = ${project.id}::uuid`;
  return { owner, project };
}

type Upload = { projectId: string; actorId: string; selection: BackerSelection; csv: string; fingerprint: string };

/** The filled template for backers `numbers` of a project, previewed as the dialog does. */
async function previewed(projectId: string, actorId: string, numbers: number[], selection: BackerSelection, seed = 1): Promise<Upload> {
  const csv = generateFilledTrackingTemplate(
    numbers.map((n) => ({ backerNumber: n, email: `backer${n}@example.com`, name: `Backer ${n}` })),
    seed,
  );
  const preview = await previewTrackingUpload({
    projectId,
    fileName: "tracking.csv",
    bytes: new TextEncoder().encode(csv),
    selection,
    skipExisting: false,
    separatePackages: false,
  });
  expect(preview.summary?.errorRows).toBe(0);
  return { projectId, actorId, selection, csv, fingerprint: preview.fingerprint! };
}

function enqueue(upload: Upload): Promise<{ jobId: string }> {
  return prisma.$transaction((tx) =>
    startTrackingApplyJob(tx, {
      projectId: upload.projectId,
      actorId: upload.actorId,
      form: {
        selection: upload.selection,
        fileName: "tracking.csv",
        bytes: new TextEncoder().encode(upload.csv),
        skipExisting: false,
        separatePackages: false,
        skipProblemRows: false,
        fingerprint: upload.fingerprint,
      },
    }),
  );
}

const job = (id: string) => prisma.projectJob.findUniqueOrThrow({ where: { id } });
const engineJobs = async () => Number((await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs`)[0].n);

async function waitForStatus(id: string, statuses: string[], timeoutMs = 30_000) {
  await waitUntil(async () => statuses.includes((await job(id)).status), `job ${id} to be ${statuses.join(" or ")}`, timeoutMs);
  return job(id);
}

describe("tracking apply as a job", () => {
  it("the web process killed right after enqueueing: the committed job still runs in the worker, one email per backer", async () => {
    const { owner, project, backers } = await campaign(3);
    const upload = await previewed(project.id, owner.id, [1, 2, 3], { kind: "ids", ids: backers.map((b) => b.id) });

    const web = spawn(process.execPath, ["--import", "tsx", "--import", "./lib/node/allow-server-only.mjs", "tests/support/enqueue-tracking-job-then-die.ts"], {
      env: { ...process.env, NODE_ENV: "test" },
      stdio: ["pipe", "pipe", "inherit"],
    });
    let out = "";
    web.stdout.on("data", (chunk) => (out += chunk));
    web.stdin.end(JSON.stringify({ ...upload, fileName: "tracking.csv" }));
    const exit = await new Promise<NodeJS.Signals | null>((resolve) => web.on("exit", (_code, signal) => resolve(signal)));
    expect(exit).toBe("SIGKILL");
    const jobId = out.trim();
    expect((await job(jobId)).status).toBe("QUEUED");

    const worker = spawnMailWorker(smtp.url);
    children.push(worker);
    const done = await waitForStatus(jobId, ["DONE", "FAILED"], 60_000);
    expect(done).toMatchObject({ status: "DONE", percent: 100, error: null, attempts: 1 });
    expect(done.result).toMatchObject({ shipmentsAdded: 3, emailsQueued: 3 });
    expect(await prisma.shipment.count({ where: { projectId: project.id } })).toBe(3);
    await smtp.waitForMessages(3, 30_000);
    expect(countByRecipient(smtp.messages)).toEqual(once(["backer1@example.com", "backer2@example.com", "backer3@example.com"]));
  }, 120_000);

  it("a domain failure (the backers changed since the preview) is stored once with its message, not retried, and changes nothing", async () => {
    const { owner, project, backers } = await campaign(2);
    const upload = await previewed(project.id, owner.id, [1, 2], { kind: "ids", ids: backers.map((b) => b.id) });
    // Someone else's upload gave backer 1 a number meanwhile: the plan no longer matches the preview.
    const other = await previewed(project.id, owner.id, [1], { kind: "ids", ids: [backers[0].id] }, 7);
    const { jobId: otherId } = await enqueue(other);
    const { jobId } = await enqueue(upload);

    inProcess = await startJobWorker({ heartbeatMs: 500 });
    expect(await waitForStatus(otherId, ["DONE", "FAILED"])).toMatchObject({ status: "DONE" });
    const failed = await waitForStatus(jobId, ["DONE", "FAILED"]);
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toMatch(/changed since this preview.*Nothing was changed/);
    expect(failed.attempts).toBe(1);
    await waitUntil(async () => (await engineJobs()) === 0, "the engine to drop the job");
    // Only the other upload's shipment and email exist.
    expect(await prisma.shipment.count({ where: { projectId: project.id } })).toBe(1);
    expect(await prisma.emailMessage.count({ where: { projectId: project.id } })).toBe(1);
    expect((await job(jobId)).attempts).toBe(1);
  }, 60_000);

  it("a cancelled queued job never runs", async () => {
    const { owner, project, backers } = await campaign(2);
    const upload = await previewed(project.id, owner.id, [1, 2], { kind: "ids", ids: backers.map((b) => b.id) });
    const { jobId } = await enqueue(upload);
    await prisma.$transaction((tx) => cancelProjectJobOrThrow(tx, { projectId: project.id, jobId }));
    await expect(prisma.$transaction((tx) => cancelProjectJobOrThrow(tx, { projectId: project.id, jobId }))).rejects.toThrow(/already cancelled/);
    // A later job of the same project runs, so the worker has certainly looked at the queue.
    const later = await previewed(project.id, owner.id, [2], { kind: "ids", ids: [backers[1].id] }, 3);
    const { jobId: laterId } = await enqueue(later);

    inProcess = await startJobWorker({ heartbeatMs: 500 });
    expect(await waitForStatus(laterId, ["DONE", "FAILED"])).toMatchObject({ status: "DONE" });
    expect(await job(jobId)).toMatchObject({ status: "CANCELLED", attempts: 0, startedAt: null });
    expect(await prisma.shipment.count({ where: { projectId: project.id } })).toBe(1);
  }, 60_000);

  it("two jobs of one project run one after the other, in the order they were started", async () => {
    const { owner, project, backers } = await campaign(4);
    const first = await previewed(project.id, owner.id, [1, 2], { kind: "ids", ids: [backers[0].id, backers[1].id] });
    const second = await previewed(project.id, owner.id, [3, 4], { kind: "ids", ids: [backers[2].id, backers[3].id] });
    const { jobId: a } = await enqueue(first);
    const { jobId: b } = await enqueue(second);

    inProcess = await startJobWorker({ concurrency: 2, heartbeatMs: 500 });
    const [jobA, jobB] = [await waitForStatus(a, ["DONE", "FAILED"]), await waitForStatus(b, ["DONE", "FAILED"])];
    expect([jobA.status, jobB.status]).toEqual(["DONE", "DONE"]);
    expect(jobB.startedAt!.getTime()).toBeGreaterThanOrEqual(jobA.finishedAt!.getTime());
    expect(await prisma.shipment.count({ where: { projectId: project.id } })).toBe(4);
  }, 60_000);

  it("the worker SIGKILLed in the middle of a 20,000-row job: another worker retries it and it applies exactly once", async () => {
    const COUNT = 20_000;
    const { owner, project } = await largeCampaign(COUNT);
    const selection: BackerSelection = { kind: "matching", filter: DEFAULT_BACKER_REPORT_QUERY.filter, exceptIds: [] };
    const upload = await previewed(project.id, owner.id, Array.from({ length: COUNT }, (_, i) => i + 1), selection);
    const { jobId } = await enqueue(upload);

    // The apply writes its audit event last: a second session holding a SHARE lock on audit_event
    // stops the job right there, shipments and emails written but not committed, and the worker
    // process is killed at that moment.
    const session = await connectSecondSession();
    await session.query("BEGIN");
    await session.query("LOCK TABLE audit_event IN SHARE MODE");
    const first = spawnMailWorker(smtp.url);
    children.push(first);
    try {
      const [pid] = await waitForBlockedBackends(session, "%INSERT INTO%audit_event%", 1, 120_000);
      const { rows } = await session.query<{ relation: string }>(
        `SELECT DISTINCT relation::regclass::text AS relation FROM pg_locks WHERE pid = $1 AND mode = 'RowExclusiveLock'`,
        [pid],
      );
      expect(rows.map((row) => row.relation)).toEqual(expect.arrayContaining(["shipment", "email_message"]));
      first.child.kill("SIGKILL");
      expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
    } finally {
      await session.query("ROLLBACK");
      await session.end();
    }
    // The dead client's backend aborts its transaction once it can read from the closed socket.
    await waitUntil(async () => (await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`)[0].n === 0n, "the killed worker's transaction to end");
    expect(await job(jobId)).toMatchObject({ status: "RUNNING", attempts: 1 });
    expect(await prisma.shipment.count({ where: { projectId: project.id } })).toBe(0);

    const second = spawnMailWorker(smtp.url);
    children.push(second);
    const done = await waitForStatus(jobId, ["DONE", "FAILED"], 150_000);
    expect(done).toMatchObject({ status: "DONE", attempts: 2, error: null });
    expect(done.result).toMatchObject({ shipmentsAdded: COUNT, emailsQueued: COUNT });
    expect(await prisma.shipment.count({ where: { projectId: project.id } })).toBe(COUNT);
    const perBacker = await prisma.$queryRaw<{ recipients: bigint; messages: bigint }[]>`
      SELECT count(DISTINCT to_email) AS recipients, count(*) AS messages FROM email_message WHERE project_id = ${project.id}::uuid`;
    expect(perBacker[0]).toEqual({ recipients: BigInt(COUNT), messages: BigInt(COUNT) });
    expect(await prisma.import.count({ where: { projectId: project.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { projectId: project.id, action: "tracking.upload" } })).toBe(1);
  }, 300_000);

  it("stored uploads are removed once their job finished longer ago than the retention period, never while it waits", async () => {
    const { owner, project, backers } = await campaign(1);
    const upload = await previewed(project.id, owner.id, [1], { kind: "ids", ids: [backers[0].id] });
    const { jobId: waiting } = await enqueue(upload);
    const { jobId: old } = await enqueue(upload);
    const { jobId: recent } = await enqueue(upload);
    await prisma.$executeRaw`UPDATE project_job SET status = 'DONE', finished_at = now() - interval '8 days', created_at = now() - interval '8 days' WHERE id = ${old}::uuid`;
    await prisma.$executeRaw`UPDATE project_job SET status = 'FAILED', finished_at = now() - interval '1 day' WHERE id = ${recent}::uuid`;
    await prisma.$executeRaw`UPDATE project_job_upload SET created_at = now() - interval '30 days'`;

    expect(await purgeJobUploads()).toBe(1);
    const kept = (await prisma.projectJobUpload.findMany({ select: { jobId: true } })).map((row) => row.jobId).sort();
    expect(kept).toEqual([waiting, recent].sort());
    // The job rows stay: the Activity page still shows what happened.
    expect(await prisma.projectJob.count({ where: { projectId: project.id } })).toBe(3);
  });
});
