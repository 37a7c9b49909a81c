import "server-only";
import { prisma } from "@/lib/db/client";

/** How long a finished job's uploaded file is kept (for support questions), in hours. */
export const JOB_UPLOAD_RETENTION_HOURS = 24 * 7;

/**
 * Deletes the stored uploads of jobs that finished (done, failed or cancelled) more than the
 * retention period ago; a queued or running job keeps its file whatever its age.
 */
export async function purgeJobUploads(retentionHours = JOB_UPLOAD_RETENTION_HOURS): Promise<number> {
  return prisma.$executeRaw`
    DELETE FROM project_job_upload u
    USING project_job j
    WHERE j.id = u.job_id
      AND j.status IN ('DONE', 'FAILED', 'CANCELLED')
      AND j.finished_at < now() - make_interval(hours => ${retentionHours}::int)`;
}
