import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { enqueueProjectJob } from "@/lib/jobs/enqueue-project-job";
import type { TrackingUploadForm } from "./read-tracking-upload-form";
import type { TrackingApplyJobPayload } from "./tracking-apply-job-payload";

/**
 * "Add tracking numbers": stores the previewed file and the dialog's choices and queues the apply
 * for the worker, in `tx`. The job re-plans inside its own transaction and refuses when the plan
 * no longer matches the preview's fingerprint, so nothing is applied that the creator did not see.
 */
export async function startTrackingApplyJob(
  tx: Tx,
  input: { projectId: string; actorId: string; form: TrackingUploadForm },
): Promise<{ jobId: string }> {
  const { form } = input;
  if (!form.fingerprint) {
    throw new DomainError("INVALID_INPUT", "Check the file first: upload it again to see its preview, then add the tracking numbers. Nothing was changed.");
  }
  const payload: TrackingApplyJobPayload = {
    selection: form.selection,
    skipExisting: form.skipExisting,
    separatePackages: form.separatePackages,
    skipProblemRows: form.skipProblemRows,
    fingerprint: form.fingerprint,
    ...(form.sheet !== undefined ? { sheet: form.sheet } : {}),
  };
  const job = await enqueueProjectJob(tx, {
    projectId: input.projectId,
    kind: "TRACKING_APPLY",
    title: `Add tracking numbers from ${form.fileName}`,
    createdById: input.actorId,
    payload,
    upload: { fileName: form.fileName, bytes: form.bytes },
  });
  return { jobId: job.id };
}
