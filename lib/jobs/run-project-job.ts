import "server-only";
import type { JobHelpers } from "graphile-worker";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";
import { logger } from "@/lib/log/logger";
import { createJobProgressReporter } from "./create-job-progress-reporter";
import type { ProjectJobRunner } from "./project-job-runner";
import type { ProjectJobKind } from "./project-job-types";

/** Thrown inside a job's transaction when the job stopped running meanwhile; rolls the change back. */
class JobNoLongerRunningError extends Error {}

const GAVE_UP_MESSAGE = "This job was interrupted several times (the worker or the database restarted) and was stopped. Nothing was changed; start it again.";

/**
 * graphile-worker's handler for every project job. The job row decides: a cancelled or finished
 * job does nothing (a retry after the change committed ends here, which is what makes a retry
 * apply the change exactly once); otherwise it is marked running and its kind's runner runs.
 */
export async function runProjectJob(
  runners: Partial<Record<ProjectJobKind, ProjectJobRunner>>,
  payload: unknown,
  helpers: Pick<JobHelpers, "job">,
): Promise<void> {
  const jobId = (payload as { jobId?: unknown } | null)?.jobId;
  if (typeof jobId !== "string") return;
  // Only a queued job starts, and a running one continues (a retry after a crash); the single
  // statement decides against a concurrent cancel.
  const started = await prisma.$queryRaw<{ id: string; project_id: string; kind: ProjectJobKind; payload: Prisma.JsonValue; created_by_id: string | null; attempts: number }[]>`
    UPDATE project_job
    SET status = 'RUNNING', attempts = attempts + 1, started_at = coalesce(started_at, now()),
        step = CASE WHEN attempts > 0 THEN 'Starting again after an interruption' ELSE 'Starting' END, updated_at = now()
    WHERE id = ${jobId}::uuid AND status IN ('QUEUED', 'RUNNING')
    RETURNING id, project_id, kind, payload, created_by_id, attempts`;
  const job = started[0];
  if (!job) return;
  const log = logger.child({ jobId, kind: job.kind, projectId: job.project_id, attempt: job.attempts });

  const fail = async (message: string) => {
    await prisma.$executeRaw`
      UPDATE project_job SET status = 'FAILED', error = ${message}, finished_at = now(), updated_at = now()
      WHERE id = ${jobId}::uuid AND status = 'RUNNING'`;
  };
  const runner = runners[job.kind];
  if (!runner) {
    await fail("This kind of job cannot run on this server version. Nothing was changed.");
    return;
  }
  // The bytes as Prisma returns them, not copied: a stored import may be 60 MB per file, and the
  // worker's memory budget is shared by every job it runs.
  const uploads = await prisma.projectJobUpload.findMany({ where: { jobId }, orderBy: { position: "asc" }, select: { fileName: true, bytes: true } });
  const progress = createJobProgressReporter(jobId);
  try {
    await runner({
      job: { id: job.id, projectId: job.project_id, kind: job.kind, payload: job.payload, createdById: job.created_by_id, attempts: job.attempts },
      upload: uploads[0] ?? null,
      uploads,
      reportProgress: progress.report,
      async finishInTransaction(tx, result) {
        const updated = await tx.$executeRaw`
          UPDATE project_job SET status = 'DONE', result = ${JSON.stringify(result)}::jsonb, step = 'Done', percent = 100,
                 error = NULL, finished_at = now(), updated_at = now()
          WHERE id = ${jobId}::uuid AND status = 'RUNNING'`;
        if (updated !== 1) throw new JobNoLongerRunningError(`job ${jobId} is no longer running`);
      },
    });
    await progress.close();
  } catch (error) {
    await progress.close();
    if (error instanceof JobNoLongerRunningError) {
      log.warn("job finished elsewhere; this run's change was rolled back");
      return;
    }
    if (error instanceof DomainError) {
      log.info({ code: error.code }, "job failed: %s", error.message);
      await fail(error.message);
      return;
    }
    const lastAttempt = helpers.job.attempts >= helpers.job.max_attempts;
    log.error({ err: error, lastAttempt }, "job interrupted");
    if (lastAttempt) {
      await fail(GAVE_UP_MESSAGE);
      return;
    }
    await prisma.$executeRaw`
      UPDATE project_job SET step = 'Interrupted; trying again shortly', updated_at = now()
      WHERE id = ${jobId}::uuid AND status = 'RUNNING'`.catch(() => {});
    throw error;
  }
}
