import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { enqueueProjectJob } from "@/lib/jobs/enqueue-project-job";
import { incentiveCandidatesSql } from "./incentive-candidates-sql";
import type { IncentiveApplyJobPayload, IncentiveUndoJobPayload } from "./incentive-job-payloads";
import { resolveIncentiveChoiceOrThrow } from "./resolve-incentive-choice";

/**
 * "Assign Complimentary Credit" / "Manually Add an Item": checks what the form chose (the segment,
 * the incentive, its item) as the apply will, then queues the apply for the worker, in `tx`. The job
 * evaluates the segment again when it runs, as an apply in the request did; a pledge never gets the
 * same incentive twice, so a second job of the same choice only reaches pledges that still lack it.
 */
export async function startIncentiveApplyJob(
  tx: Tx,
  input: { projectId: string; actorId: string } & IncentiveApplyJobPayload,
): Promise<{ jobId: string }> {
  const { segment } = await incentiveCandidatesSql(tx, input.projectId, input.segmentId, input.exclusions);
  const resolved = await resolveIncentiveChoiceOrThrow(tx, input.projectId, input.incentive);
  const payload: IncentiveApplyJobPayload = {
    segmentId: segment.id,
    incentive: input.incentive,
    exclusions: input.exclusions,
    notifyBackers: input.notifyBackers,
  };
  const job = await enqueueProjectJob(tx, {
    projectId: input.projectId,
    kind: "INCENTIVE_APPLY",
    title: `Give “${resolved.name}” to the segment “${segment.name}”`,
    createdById: input.actorId,
    payload,
  });
  return { jobId: job.id };
}

/**
 * "Undo" on an incentive: checks it is the project's and still active, then queues the undo for the
 * worker, in `tx`. An undo already waiting or running for it is answered with that job.
 */
export async function startIncentiveUndoJob(
  tx: Tx,
  input: { projectId: string; actorId: string; incentiveId: string },
): Promise<{ jobId: string }> {
  const incentive = /^[0-9a-f-]{36}$/i.test(input.incentiveId)
    ? await tx.incentive.findFirst({
        where: { id: input.incentiveId, projectId: input.projectId },
        select: { id: true, name: true, undoneAt: true },
      })
    : null;
  if (!incentive) throw new DomainError("NOT_FOUND", "That incentive does not exist in this project");
  if (incentive.undoneAt) throw new DomainError("CONFLICT", `“${incentive.name}” was already undone`);
  const active = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM project_job
    WHERE project_id = ${input.projectId}::uuid AND kind = 'INCENTIVE_UNDO' AND status IN ('QUEUED', 'RUNNING')
      AND payload->>'incentiveId' = ${incentive.id}
    LIMIT 1`;
  if (active[0]) return { jobId: active[0].id };
  const payload: IncentiveUndoJobPayload = { incentiveId: incentive.id };
  const job = await enqueueProjectJob(tx, {
    projectId: input.projectId,
    kind: "INCENTIVE_UNDO",
    title: `Undo “${incentive.name}”`,
    createdById: input.actorId,
    payload,
  });
  return { jobId: job.id };
}
