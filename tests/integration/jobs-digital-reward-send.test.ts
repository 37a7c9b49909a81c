import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_BACKER_REPORT_QUERY } from "@/lib/backers/report/backer-report-query-schema";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { prisma } from "@/lib/db/client";
import { parseCodeList } from "@/lib/digital-rewards/parse-code-list";
import {
  startDigitalRewardSendJob,
  type DigitalRewardSendJobCodes,
} from "@/lib/digital-rewards/start-digital-reward-send-job";
import { DEFAULT_SEND_EXCLUSIONS } from "@/lib/digital-rewards/send-exclusions";
import { cancelProjectJobOrThrow } from "@/lib/jobs/cancel-project-job";
import { startJobWorker, type JobWorker } from "@/lib/jobs/start-job-worker";
import { spawnMailWorker, waitUntil, type WorkerProcess } from "../support/fault-mail";
import {
  engineJobCount,
  killWorkerBeforeAuditEvent,
  largeJobCampaign,
  readJob,
  stopJobTestWorkers,
  waitForJobStatus,
} from "../support/project-jobs";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";
import { addCodesToBank, createDigitalReward } from "../support/digital-reward-use-cases";

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

async function uniqueReward(projectId: string, actorId: string, name = "Soundtrack") {
  return createDigitalReward(
    projectId,
    { name, kind: "UNIQUE", instructions: null, sharedValue: null },
    actorId,
  );
}

function enqueue(input: {
  projectId: string;
  actorId: string;
  rewardId: string;
  selection: BackerSelection;
  codes: DigitalRewardSendJobCodes;
  token?: string;
}) {
  return prisma.$transaction((tx) =>
    startDigitalRewardSendJob(tx, { exclusions: DEFAULT_SEND_EXCLUSIONS, token: randomUUID(), ...input }),
  );
}

const backerIds = async (projectId: string, numbers: number[]) =>
  (
    await prisma.backer.findMany({
      where: { projectId, backerNumber: { in: numbers } },
      orderBy: { backerNumber: "asc" },
      select: { id: true },
    })
  ).map((b) => b.id);

describe("digital reward send as a job", () => {
  it("the worker SIGKILLed in the middle of a 5,000-backer send from an uploaded file: retried, each backer gets one code and one email", async () => {
    const COUNT = 5_000;
    const { owner, project } = await largeJobCampaign(COUNT);
    const reward = await uniqueReward(project.id, owner.id);
    const file = ["Code", ...Array.from({ length: COUNT }, (_, i) => `KEY-${String(i + 1).padStart(5, "0")}`)].join(
      "\r\n",
    );
    const selection: BackerSelection = { kind: "matching", filter: DEFAULT_BACKER_REPORT_QUERY.filter, exceptIds: [] };
    const { jobId } = await enqueue({
      projectId: project.id,
      actorId: owner.id,
      rewardId: reward.id,
      selection,
      codes: { source: "file", fileName: "codes.csv", bytes: new TextEncoder().encode(file) },
    });
    expect(await readJob(jobId)).toMatchObject({
      status: "QUEUED",
      kind: "DIGITAL_REWARD_SEND",
      title: "Send digital reward “Soundtrack”",
    });

    await killWorkerBeforeAuditEvent(smtp.url, ["digital_reward_delivery", "digital_code", "email_message"], children);
    expect(await readJob(jobId)).toMatchObject({ status: "RUNNING", attempts: 1 });
    expect(await prisma.digitalRewardDelivery.count({ where: { digitalRewardId: reward.id } })).toBe(0);

    children.push(spawnMailWorker(smtp.url));
    const done = await waitForJobStatus(jobId, ["DONE", "FAILED"], 150_000);
    expect(done).toMatchObject({ status: "DONE", attempts: 2, error: null, percent: 100 });
    expect(done.result).toMatchObject({ rewardName: "Soundtrack", sent: COUNT, skipped: 0, repeated: false });
    const counts = await prisma.$queryRaw<
      { deliveries: bigint; pledges: bigint; codes: bigint; recipients: bigint; messages: bigint }[]
    >`
      SELECT (SELECT count(*) FROM digital_reward_delivery WHERE digital_reward_id = ${reward.id}::uuid) AS deliveries,
             (SELECT count(DISTINCT pledge_id) FROM digital_reward_delivery WHERE digital_reward_id = ${reward.id}::uuid) AS pledges,
             (SELECT count(DISTINCT value) FROM digital_code WHERE digital_reward_id = ${reward.id}::uuid AND pledge_id IS NOT NULL) AS codes,
             (SELECT count(DISTINCT to_email) FROM email_message WHERE project_id = ${project.id}::uuid) AS recipients,
             (SELECT count(*) FROM email_message WHERE project_id = ${project.id}::uuid) AS messages`;
    expect(counts[0]).toEqual({
      deliveries: BigInt(COUNT),
      pledges: BigInt(COUNT),
      codes: BigInt(COUNT),
      recipients: BigInt(COUNT),
      messages: BigInt(COUNT),
    });
    expect(await prisma.auditEvent.count({ where: { projectId: project.id, action: "digital-reward.send" } })).toBe(1);
  }, 300_000);

  it("a domain failure (a bank too small for the selection) is stored once with its message, not retried, and sends nothing", async () => {
    const { owner, project } = await largeJobCampaign(3);
    const reward = await uniqueReward(project.id, owner.id);
    await addCodesToBank({
      projectId: project.id,
      rewardId: reward.id,
      list: parseCodeList("B1,B2"),
      actorId: owner.id,
    });
    const { jobId } = await enqueue({
      projectId: project.id,
      actorId: owner.id,
      rewardId: reward.id,
      selection: { kind: "ids", ids: await backerIds(project.id, [1, 2, 3]) },
      codes: { source: "bank" },
    });

    inProcess = await startJobWorker({ heartbeatMs: 500 });
    const failed = await waitForJobStatus(jobId, ["DONE", "FAILED"]);
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(failed.error).toMatch(/has 2 unused codes for 3 recipients/);
    await waitUntil(async () => (await engineJobCount()) === 0, "the engine to drop the job");
    expect((await readJob(jobId)).attempts).toBe(1);
    expect(await prisma.digitalRewardDelivery.count()).toBe(0);
    expect(await prisma.digitalCode.count({ where: { pledgeId: { not: null } } })).toBe(0);
    expect(await prisma.emailMessage.count()).toBe(0);
  }, 60_000);

  it("a cancelled queued send never runs; the same send token twice queues one job", async () => {
    const { owner, project } = await largeJobCampaign(2);
    const reward = await uniqueReward(project.id, owner.id);
    const [first, second] = await backerIds(project.id, [1, 2]);
    const { jobId } = await enqueue({
      projectId: project.id,
      actorId: owner.id,
      rewardId: reward.id,
      selection: { kind: "ids", ids: [first] },
      codes: { source: "paste", text: "CANCELLED-1" },
    });
    await prisma.$transaction((tx) => cancelProjectJobOrThrow(tx, { projectId: project.id, jobId }));

    const token = randomUUID();
    const later = {
      projectId: project.id,
      actorId: owner.id,
      rewardId: reward.id,
      selection: { kind: "ids" as const, ids: [second] },
      codes: { source: "paste" as const, text: "LATER-1" },
      token,
    };
    const { jobId: laterId } = await enqueue(later);
    expect((await enqueue(later)).jobId).toBe(laterId);

    inProcess = await startJobWorker({ heartbeatMs: 500 });
    expect(await waitForJobStatus(laterId, ["DONE", "FAILED"])).toMatchObject({ status: "DONE", result: { sent: 1 } });
    expect(await readJob(jobId)).toMatchObject({ status: "CANCELLED", attempts: 0, startedAt: null });
    const given = await prisma.digitalRewardDelivery.findMany({ select: { value: true } });
    expect(given).toEqual([{ value: "LATER-1" }]);
    expect(await prisma.projectJob.count({ where: { projectId: project.id } })).toBe(2);
  }, 60_000);

  it("refuses a reward of another project before queueing anything", async () => {
    const { owner, project } = await largeJobCampaign(1);
    const other = await largeJobCampaign(1, "Other Forest");
    const reward = await uniqueReward(other.project.id, other.owner.id);
    await expect(
      enqueue({
        projectId: project.id,
        actorId: owner.id,
        rewardId: reward.id,
        selection: { kind: "ids", ids: await backerIds(project.id, [1]) },
        codes: { source: "bank" },
      }),
    ).rejects.toThrow(/does not exist in this project/);
    expect(await prisma.projectJob.count()).toBe(0);
    expect(await engineJobCount()).toBe(0);
  });
});
