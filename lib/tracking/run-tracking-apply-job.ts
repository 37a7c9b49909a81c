import "server-only";
import { DomainError } from "@/lib/errors";
import type { ProjectJobRunner } from "@/lib/jobs/project-job-runner";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { applyTrackingUploadOrThrow, TRACKING_APPLY_TRANSACTION } from "./apply-tracking-upload";
import { TrackingApplyJobPayloadSchema } from "./tracking-apply-job-payload";
import { trackingApplyProgressStep } from "./tracking-apply-progress-step";

/**
 * The worker's side of "Add tracking numbers": the existing apply (one transaction, the preview's
 * fingerprint checked inside it, emails queued in it), with the job marked done in that same
 * transaction.
 */
export const runTrackingApplyJob: ProjectJobRunner = async ({ job, upload, reportProgress, finishInTransaction }) => {
  const payload = TrackingApplyJobPayloadSchema.safeParse(job.payload);
  if (!payload.success || !upload) {
    throw new DomainError(
      "INVALID_INPUT",
      "The uploaded file is no longer stored (uploads are kept for a limited time). Upload it again.",
    );
  }
  reportProgress("Reading the file", 0);
  await runInTransaction(async (tx) => {
    const result = await applyTrackingUploadOrThrow(tx, {
      projectId: job.projectId,
      actorId: job.createdById,
      fileName: upload.fileName,
      bytes: upload.bytes,
      sheet: payload.data.sheet,
      selection: payload.data.selection,
      skipExisting: payload.data.skipExisting,
      separatePackages: payload.data.separatePackages,
      skipProblemRows: payload.data.skipProblemRows,
      expectedFingerprint: payload.data.fingerprint,
      onProgress: (progress) => {
        const shown = trackingApplyProgressStep(progress);
        reportProgress(shown.step, shown.percent);
      },
    });
    await finishInTransaction(tx, result);
  }, TRACKING_APPLY_TRANSACTION);
};
