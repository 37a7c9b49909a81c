import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { applyIncentive } from "@/lib/incentives/apply-incentive";
import { defaultIncentiveExclusions, type IncentiveChoice } from "@/lib/incentives/incentive-schemas";
import { startIncentiveApplyJob, startIncentiveUndoJob } from "@/lib/incentives/start-incentive-jobs";
import { undoIncentiveOrThrow } from "@/lib/incentives/undo-incentive";
import { cancelProjectJobOrThrow } from "@/lib/jobs/cancel-project-job";
import { startJobWorker, type JobWorker } from "@/lib/jobs/start-job-worker";
import { saveSegment } from "@/lib/segments/save-segment";
import { countByRecipient, once, spawnMailWorker, waitUntil, type WorkerProcess } from "../support/fault-mail";
import {
  engineJobCount,
  killWorkerBeforeAuditEvent,
  largeJobCampaign,
  readJob,
  stopJobTestWorkers,
  waitForJobStatus,
} from "../support/project-jobs";
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

const exclusions = defaultIncentiveExclusions({ kind: "CREDIT" });
const credit = (name = "Thank-you credit", creditAmount = 500): IncentiveChoice => ({
  name,
  definition: { kind: "CREDIT", creditAmount },
});

async function campaignWithSegment(backers: number) {
  const { owner, project } = await largeJobCampaign(backers);
  const segment = await prisma.$transaction((tx) =>
    saveSegment(tx, project.id, { name: "Everyone", filter: { type: "and", conditions: [] } }),
  );
  return { owner, project, segment };
}

function enqueueApply(
  c: Awaited<ReturnType<typeof campaignWithSegment>>,
  incentive: IncentiveChoice,
  notifyBackers = true,
) {
  return prisma.$transaction((tx) =>
    startIncentiveApplyJob(tx, {
      projectId: c.project.id,
      actorId: c.owner.id,
      segmentId: c.segment.id,
      incentive,
      exclusions,
      notifyBackers,
    }),
  );
}

const enqueueUndo = (c: Awaited<ReturnType<typeof campaignWithSegment>>, incentiveId: string) =>
  prisma.$transaction((tx) => startIncentiveUndoJob(tx, { projectId: c.project.id, actorId: c.owner.id, incentiveId }));

describe("incentive apply and undo as jobs", () => {
  it("the worker SIGKILLed in the middle of a 2,000-pledge apply, then of its undo: each is retried and applied exactly once", async () => {
    const COUNT = 2_000;
    const c = await campaignWithSegment(COUNT);
    const { jobId } = await enqueueApply(c, credit());
    expect(await readJob(jobId)).toMatchObject({
      status: "QUEUED",
      kind: "INCENTIVE_APPLY",
      title: "Give “Thank-you credit” to the segment “Everyone”",
    });

    await killWorkerBeforeAuditEvent(smtp.url, ["incentive_grant", "credit_entry", "email_message"], children);
    expect(await readJob(jobId)).toMatchObject({ status: "RUNNING", attempts: 1 });
    expect(await prisma.incentive.count()).toBe(0);

    const second = spawnMailWorker(smtp.url);
    children.push(second);
    const done = await waitForJobStatus(jobId, ["DONE", "FAILED"], 150_000);
    expect(done).toMatchObject({ status: "DONE", attempts: 2, error: null });
    expect(done.result).toMatchObject({
      name: "Thank-you credit",
      recipients: COUNT,
      granted: COUNT,
      skipped: 0,
      emailsQueued: COUNT,
    });
    const incentive = await prisma.incentive.findFirstOrThrow({ where: { projectId: c.project.id } });
    const applied = await prisma.$queryRaw<
      { grants: bigint; credits: bigint; total: bigint; recipients: bigint; messages: bigint }[]
    >`
      SELECT (SELECT count(*) FROM incentive_grant) AS grants, (SELECT count(*) FROM credit_entry) AS credits,
             (SELECT coalesce(sum(amount), 0) FROM credit_entry)::bigint AS total,
             (SELECT count(DISTINCT to_email) FROM email_message WHERE project_id = ${c.project.id}::uuid) AS recipients,
             (SELECT count(*) FROM email_message WHERE project_id = ${c.project.id}::uuid) AS messages`;
    expect(applied[0]).toEqual({
      grants: BigInt(COUNT),
      credits: BigInt(COUNT),
      total: BigInt(COUNT * 500),
      recipients: BigInt(COUNT),
      messages: BigInt(COUNT),
    });
    expect(await prisma.auditEvent.count({ where: { projectId: c.project.id, action: "incentive.apply" } })).toBe(1);
    // Every backer receives exactly one email; then this worker stops cleanly.
    await smtp.waitForMessages(COUNT, 120_000);
    expect(countByRecipient(smtp.messages)).toEqual(
      once(Array.from({ length: COUNT }, (_, i) => `backer${i + 1}@example.com`)),
    );
    second.child.kill("SIGTERM");
    await second.exited;

    const { jobId: undoId } = await enqueueUndo(c, incentive.id);
    await killWorkerBeforeAuditEvent(smtp.url, ["incentive_grant", "credit_entry"], children);
    expect(await readJob(undoId)).toMatchObject({ status: "RUNNING", attempts: 1 });
    expect((await prisma.incentive.findUniqueOrThrow({ where: { id: incentive.id } })).undoneAt).toBeNull();

    children.push(spawnMailWorker(smtp.url));
    const undone = await waitForJobStatus(undoId, ["DONE", "FAILED"], 150_000);
    expect(undone).toMatchObject({
      status: "DONE",
      attempts: 2,
      error: null,
      result: { name: "Thank-you credit", pledges: COUNT },
    });
    const after = await prisma.$queryRaw<{ credits: bigint; total: bigint; active: bigint }[]>`
      SELECT (SELECT count(*) FROM credit_entry) AS credits, (SELECT coalesce(sum(amount), 0) FROM credit_entry)::bigint AS total,
             (SELECT count(*) FROM incentive_grant WHERE undone_at IS NULL) AS active`;
    expect(after[0]).toEqual({ credits: BigInt(2 * COUNT), total: 0n, active: 0n });
    expect(await prisma.auditEvent.count({ where: { projectId: c.project.id, action: "incentive.undo" } })).toBe(1);
  }, 400_000);

  it("domain failures (the incentive was undone before its apply ran, then undone twice) are stored with their message, not retried, and change nothing", async () => {
    const c = await campaignWithSegment(3);
    const first = await prisma.$transaction((tx) =>
      applyIncentive(tx, {
        projectId: c.project.id,
        actorId: c.owner.id,
        segmentId: c.segment.id,
        incentive: credit(),
        exclusions,
        notifyBackers: false,
      }),
    );
    const { jobId: applyAgain } = await enqueueApply(c, { incentiveId: first.incentiveId });
    const { jobId: undo } = await enqueueUndo(c, first.incentiveId);
    expect((await enqueueUndo(c, first.incentiveId)).jobId).toBe(undo);
    // Undone by someone else before the worker gets to either job.
    await prisma.$transaction((tx) =>
      undoIncentiveOrThrow(tx, { projectId: c.project.id, incentiveId: first.incentiveId, actorId: c.owner.id }),
    );
    const before = await prisma.creditEntry.count();

    inProcess = await startJobWorker({ heartbeatMs: 500 });
    const failedApply = await waitForJobStatus(applyAgain, ["DONE", "FAILED"]);
    const failedUndo = await waitForJobStatus(undo, ["DONE", "FAILED"]);
    expect(failedApply).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(failedApply.error).toMatch(/undone/);
    expect(failedUndo).toMatchObject({ status: "FAILED", attempts: 1, error: "“Thank-you credit” was already undone" });
    await waitUntil(async () => (await engineJobCount()) === 0, "the engine to drop the jobs");
    expect(await prisma.creditEntry.count()).toBe(before);
    expect(await prisma.auditEvent.count({ where: { projectId: c.project.id, action: "incentive.undo" } })).toBe(1);
    // An incentive already undone is refused before anything is queued.
    await expect(enqueueUndo(c, first.incentiveId)).rejects.toThrow(/already undone/);
  }, 60_000);

  it("a cancelled queued apply never runs", async () => {
    const c = await campaignWithSegment(2);
    const { jobId } = await enqueueApply(c, credit("Cancelled credit"));
    await prisma.$transaction((tx) => cancelProjectJobOrThrow(tx, { projectId: c.project.id, jobId }));
    const { jobId: laterId } = await enqueueApply(c, credit("Later credit", 300), false);

    inProcess = await startJobWorker({ heartbeatMs: 500 });
    expect(await waitForJobStatus(laterId, ["DONE", "FAILED"])).toMatchObject({
      status: "DONE",
      result: { name: "Later credit", granted: 2 },
    });
    expect(await readJob(jobId)).toMatchObject({ status: "CANCELLED", attempts: 0, startedAt: null });
    expect((await prisma.incentive.findMany({ select: { name: true } })).map((i) => i.name)).toEqual(["Later credit"]);
  }, 60_000);

  it("checks the form's choice before queueing: another project's segment or a clashing name queues nothing", async () => {
    const c = await campaignWithSegment(1);
    const other = await campaignWithSegment(1);
    await expect(
      prisma.$transaction((tx) =>
        startIncentiveApplyJob(tx, {
          projectId: c.project.id,
          actorId: c.owner.id,
          segmentId: other.segment.id,
          incentive: credit(),
          exclusions,
          notifyBackers: false,
        }),
      ),
    ).rejects.toThrow(/Segment not found/);
    await prisma.$transaction((tx) =>
      applyIncentive(tx, {
        projectId: c.project.id,
        actorId: c.owner.id,
        segmentId: c.segment.id,
        incentive: credit("Pin money", 100),
        exclusions,
        notifyBackers: false,
      }),
    );
    await expect(enqueueApply(c, credit("Pin money", 200))).rejects.toThrow(/Pin money/);
    expect(await prisma.projectJob.count()).toBe(0);
    expect(await engineJobCount()).toBe(0);
  });
});
