import { DomainError } from "@/lib/errors";
import { previewTrackingUpload } from "@/lib/tracking/preview-tracking-upload";
import { readTrackingUploadFormOrThrow } from "@/lib/tracking/read-tracking-upload-form";
import { refuseOversizedTrackingUpload } from "@/lib/tracking/refuse-oversized-tracking-upload";
import { guardTrackingRoute, textResponse } from "@/lib/tracking/tracking-route-guard";

/** The upload dialog's preview: what "Add tracking numbers" would do with the file, changing nothing. */
export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  const { projectId } = await params;
  const guard = await guardTrackingRoute(request, projectId);
  if (!guard.ok) return guard.response;
  const oversized = refuseOversizedTrackingUpload(request);
  if (oversized) return oversized;
  try {
    const form = await readTrackingUploadFormOrThrow(await request.formData());
    const preview = await previewTrackingUpload({ ...form, projectId: guard.project.id });
    return Response.json(preview, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof DomainError) return textResponse(error.code === "NOT_FOUND" ? 404 : 400, error.message);
    if (error instanceof TypeError) return textResponse(400, "The upload was not a form. Reload the page and upload the file again.");
    throw error;
  }
}
