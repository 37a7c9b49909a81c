import { DomainError } from "@/lib/errors";
import { listUnconfirmedLevelKindsOfSelection } from "@/lib/pledge-levels/list-unconfirmed-level-kinds-of-selection";
import { previewTrackingUpload } from "@/lib/tracking/preview-tracking-upload";
import { readTrackingUploadFormOrThrow } from "@/lib/tracking/read-tracking-upload-form";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { guardTrackingRoute, readTrackingRouteForm, textResponse } from "@/lib/tracking/tracking-route-guard";

/** The upload dialog's preview: what "Add tracking numbers" would do with the file, changing nothing. */
export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  const { projectId } = await params;
  const guard = await guardTrackingRoute(request, projectId, "edit");
  if (!guard.ok) return guard.response;
  const posted = await readTrackingRouteForm(request, REQUEST_BODY_LIMITS.upload);
  if (!posted.ok) return posted.response;
  try {
    const form = await readTrackingUploadFormOrThrow(posted.form);
    const preview = await previewTrackingUpload({ ...form, projectId: guard.project.id });
    const unconfirmedLevelKinds = await listUnconfirmedLevelKindsOfSelection(guard.project.id, form.selection);
    return Response.json({ ...preview, unconfirmedLevelKinds }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof DomainError) return textResponse(error.code === "NOT_FOUND" ? 404 : 400, error.message);
    throw error;
  }
}
