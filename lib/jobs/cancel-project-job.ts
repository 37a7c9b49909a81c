import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

/**
 * "Cancel" on a job that has not started: it is marked cancelled and taken out of the engine's
 * queue, in one transaction. A job that already started (or finished) cannot be cancelled: its
 * change is all-or-nothing and may be committing. The worker re-checks the status before it
 * starts, so a cancel that wins the race by a moment still means the job never runs.
 */
export async function cancelProjectJobOrThrow(tx: Tx, input: { projectId: string; jobId: string }): Promise<void> {
  const cancelled = await tx.$executeRaw`
    UPDATE project_job SET status = 'CANCELLED', step = 'Cancelled', finished_at = now(), updated_at = now()
    WHERE id = ${input.jobId}::uuid AND project_id = ${input.projectId}::uuid AND status = 'QUEUED'`;
  if (cancelled === 0) {
    const job = await tx.projectJob.findFirst({ where: { id: input.jobId, projectId: input.projectId }, select: { status: true } });
    if (!job) throw new DomainError("NOT_FOUND", "This job does not exist.");
    throw new DomainError(
      "CONFLICT",
      job.status === "CANCELLED" ? "This job was already cancelled." : "This job has already started and can no longer be cancelled; it changes everything or nothing.",
    );
  }
  await tx.$executeRaw`SELECT graphile_worker.remove_job(${input.jobId}::text)`;
}
