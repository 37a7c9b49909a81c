import { DomainError } from "@/lib/errors";
import { prisma } from "@/lib/db/client";
import { readTrackingUploadFormOrThrow } from "@/lib/tracking/read-tracking-upload-form";
import { startTrackingApplyJob } from "@/lib/tracking/start-tracking-apply-job";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { guardTrackingRoute, readTrackingRouteForm, textResponse } from "@/lib/tracking/tracking-route-guard";

/**
 * "Add tracking numbers": stores the previewed file and queues the apply as a job for the worker,
 * then answers at once with `{ jobId }`. The dialog follows the job through
 * /projects/<id>/jobs?id=<jobId>; the creator may leave the page meanwhile.
 */
export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  const { projectId } = await params;
  const guard = await guardTrackingRoute(request, projectId, "edit");
  if (!guard.ok) return guard.response;
  const posted = await readTrackingRouteForm(request, REQUEST_BODY_LIMITS.upload);
  if (!posted.ok) return posted.response;
  try {
    const form = await readTrackingUploadFormOrThrow(posted.form);
    const { jobId } = await prisma.$transaction((tx) => startTrackingApplyJob(tx, { projectId: guard.project.id, actorId: guard.user.id, form }));
    return Response.json({ jobId }, { status: 202, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof DomainError) return textResponse(400, error.message);
    throw error;
  }
}
