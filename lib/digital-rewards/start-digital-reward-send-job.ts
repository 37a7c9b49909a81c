import "server-only";
import type { Tx } from "@/lib/db/client";
import { enqueueProjectJob } from "@/lib/jobs/enqueue-project-job";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import type { DigitalRewardSendJobPayload } from "./digital-reward-send-job-payload";
import { getDigitalRewardOrThrow } from "./get-digital-reward-or-throw";
import type { DigitalRewardSendExclusions } from "./send-exclusions";
import { lockForTransaction } from "@/lib/db/lock-for-transaction";

/** Where the codes come from, as the send form gave them (the text or file is kept for the job). */
export type DigitalRewardSendJobCodes =
  | { source: "bank" }
  | { source: "shared"; value: string }
  | { source: "paste"; text: string }
  | { source: "file"; fileName: string; bytes: Uint8Array };

/** The name under which pasted codes are stored with the job. */
export const PASTED_CODES_FILE_NAME = "pasted codes.txt";

/**
 * "Send digital reward": checks the reward is this project's, stores the codes the form gave and
 * queues the send for the worker, in `tx`. The job plans the send again inside its own transaction
 * (so it sends to the backers as they are then, skipping those who got the reward meanwhile) and
 * fails with the plan's message when something stops it. The same send token twice (a double
 * click) gives the job already queued, never a second one.
 */
export async function startDigitalRewardSendJob(
  tx: Tx,
  input: {
    projectId: string;
    actorId: string;
    rewardId: string;
    selection: BackerSelection;
    codes: DigitalRewardSendJobCodes;
    exclusions: DigitalRewardSendExclusions;
    token: string;
  },
): Promise<{ jobId: string }> {
  const reward = await getDigitalRewardOrThrow(input.projectId, input.rewardId, tx);
  await lockForTransaction(tx, "digital-reward-send-job", input.token);
  const queued = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM project_job
    WHERE project_id = ${input.projectId}::uuid AND kind = 'DIGITAL_REWARD_SEND' AND payload->>'token' = ${input.token}
    LIMIT 1`;
  if (queued[0]) return { jobId: queued[0].id };

  const payload: DigitalRewardSendJobPayload = {
    rewardId: reward.id,
    selection: input.selection,
    source: input.codes.source,
    sharedValue: input.codes.source === "shared" ? input.codes.value : null,
    exclusions: input.exclusions,
    token: input.token,
  };
  const upload =
    input.codes.source === "file"
      ? { fileName: input.codes.fileName, bytes: input.codes.bytes }
      : input.codes.source === "paste"
        ? { fileName: PASTED_CODES_FILE_NAME, bytes: new TextEncoder().encode(input.codes.text) }
        : undefined;
  const job = await enqueueProjectJob(tx, {
    projectId: input.projectId,
    kind: "DIGITAL_REWARD_SEND",
    title: `Send digital reward “${reward.name}”`,
    createdById: input.actorId,
    payload,
    upload,
  });
  return { jobId: job.id };
}
