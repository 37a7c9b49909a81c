import "server-only";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { DomainError } from "@/lib/errors";
import type { ProjectJobRunner } from "@/lib/jobs/project-job-runner";
import { applyIncentive } from "./apply-incentive";
import { IncentiveApplyJobPayloadSchema, IncentiveUndoJobPayloadSchema } from "./incentive-job-payloads";
import { undoIncentiveOrThrow } from "./undo-incentive";

/** An apply or undo at 250,000 pledges (grants, ledger rows, emails) takes far more than Prisma's default 5 s. */
const INCENTIVE_JOB_TRANSACTION = { timeout: 10 * 60_000, maxWait: 30_000 } as const;

const STALE_PAYLOAD =
  "This job was started by an older version of Pledgehouse and cannot run. Nothing was changed; start it again.";

/**
 * The worker's side of an incentive apply: the existing apply (one transaction of set-based
 * statements, emails queued in it), with the job marked done in that same transaction.
 */
export const runIncentiveApplyJob: ProjectJobRunner = async ({ job, reportProgress, finishInTransaction }) => {
  const payload = IncentiveApplyJobPayloadSchema.safeParse(job.payload);
  if (!payload.success) throw new DomainError("INVALID_INPUT", STALE_PAYLOAD);
  reportProgress("Giving the incentive and queueing emails", 10);
  await runInTransaction(async (tx) => {
    const result = await applyIncentive(tx, { projectId: job.projectId, actorId: job.createdById, ...payload.data });
    await finishInTransaction(tx, result);
  }, INCENTIVE_JOB_TRANSACTION);
};

/** The worker's side of an incentive undo, marked done in the undo's own transaction. */
export const runIncentiveUndoJob: ProjectJobRunner = async ({ job, reportProgress, finishInTransaction }) => {
  const payload = IncentiveUndoJobPayloadSchema.safeParse(job.payload);
  if (!payload.success) throw new DomainError("INVALID_INPUT", STALE_PAYLOAD);
  reportProgress("Taking the incentive back", 10);
  await runInTransaction(async (tx) => {
    const result = await undoIncentiveOrThrow(tx, {
      projectId: job.projectId,
      incentiveId: payload.data.incentiveId,
      actorId: job.createdById,
    });
    await finishInTransaction(tx, result);
  }, INCENTIVE_JOB_TRANSACTION);
};
