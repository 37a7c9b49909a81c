import "server-only";
import { prisma } from "@/lib/db/client";

/** How long a finished job's uploaded file (for support questions) and written file (an export to download) are kept, in hours. */
export const JOB_UPLOAD_RETENTION_HOURS = 24 * 7;

/**
 * Deletes the stored uploads and written files of jobs that finished (done, failed or cancelled)
 * more than the retention period ago; a queued or running job keeps its files whatever their age.
 * Returns how many stored rows went.
 */
export async function purgeJobUploads(retentionHours = JOB_UPLOAD_RETENTION_HOURS): Promise<number> {
  const outputs = await prisma.$executeRaw`
    DELETE FROM project_job_output_chunk c
    USING project_job j
    WHERE j.id = c.job_id
      AND j.status IN ('DONE', 'FAILED', 'CANCELLED')
      AND j.finished_at < now() - make_interval(hours => ${retentionHours}::int)`;
  const uploads = await prisma.$executeRaw`
    DELETE FROM project_job_upload u
    USING project_job j
    WHERE j.id = u.job_id
      AND j.status IN ('DONE', 'FAILED', 'CANCELLED')
      AND j.finished_at < now() - make_interval(hours => ${retentionHours}::int)`;
  return uploads + outputs;
}
