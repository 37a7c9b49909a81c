import "server-only";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { DomainError } from "@/lib/errors";
import type { ProjectJobRunner } from "@/lib/jobs/project-job-runner";
import { DigitalRewardSendJobPayloadSchema } from "./digital-reward-send-job-payload";
import { parseCodeList } from "./parse-code-list";
import type { DigitalRewardCodes } from "./plan-digital-reward-send";
import { readCodeFile } from "./read-code-file";
import { SEND_TRANSACTION_OPTIONS, sendDigitalRewardOrThrow } from "./send-digital-reward";

/**
 * The worker's side of "Send digital reward": the existing send (one transaction: deliveries, codes,
 * emails and the audit event; the send token makes it single-use), with the job marked done in that
 * same transaction.
 */
export const runDigitalRewardSendJob: ProjectJobRunner = async ({
  job,
  upload,
  reportProgress,
  finishInTransaction,
}) => {
  const payload = DigitalRewardSendJobPayloadSchema.safeParse(job.payload);
  const needsUpload = payload.success && (payload.data.source === "paste" || payload.data.source === "file");
  if (!payload.success || (needsUpload && !upload)) {
    throw new DomainError(
      "INVALID_INPUT",
      "The codes given for this send are no longer stored (they are kept for a limited time). Start the send again. Nothing was sent.",
    );
  }
  const { data } = payload;
  reportProgress("Reading the codes", 5);
  let codes: DigitalRewardCodes;
  switch (data.source) {
    case "bank":
      codes = { source: "bank" };
      break;
    case "shared":
      codes = { source: "shared", value: data.sharedValue ?? "" };
      break;
    case "paste":
      codes = { source: "list", list: parseCodeList(new TextDecoder().decode(upload!.bytes)) };
      break;
    case "file":
      codes = { source: "list", list: readCodeFile(upload!.bytes, upload!.fileName) };
      break;
  }
  reportProgress("Assigning codes and queueing emails", 20);
  await runInTransaction(async (tx) => {
    const result = await sendDigitalRewardOrThrow(tx, {
      projectId: job.projectId,
      rewardId: data.rewardId,
      selection: data.selection,
      codes,
      exclusions: data.exclusions,
      token: data.token,
      actorId: job.createdById,
    });
    // The job is marked done in the send's transaction: both commit, or neither.
    await finishInTransaction(tx, result);
  }, SEND_TRANSACTION_OPTIONS);
};
