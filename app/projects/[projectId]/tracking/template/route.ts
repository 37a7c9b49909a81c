import { resolveBackerSelectionSql } from "@/lib/backers/report/resolve-backer-selection";
import { DomainError } from "@/lib/errors";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { trackingTemplateResponse } from "@/lib/tracking/generate-tracking-template-csv";
import { readSelectionFieldOrThrow } from "@/lib/tracking/read-tracking-upload-form";
import { guardTrackingRoute, readTrackingRouteForm, textResponse } from "@/lib/tracking/tracking-route-guard";

/**
 * "Download Excel template" / "Download CSV template": the upload dialog posts the selection
 * (JSON) and the format (`xlsx`, or CSV when absent) and gets the template.
 */
export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  const { projectId } = await params;
  const guard = await guardTrackingRoute(request, projectId, "export");
  if (!guard.ok) return guard.response;
  const posted = await readTrackingRouteForm(request, REQUEST_BODY_LIMITS.selectionForm);
  if (!posted.ok) return posted.response;
  try {
    const selection = readSelectionFieldOrThrow(posted.form);
    // Resolved before streaming, so a stale segment answers with a message instead of a cut-off file.
    await resolveBackerSelectionSql(guard.project.id, selection);
    return trackingTemplateResponse(guard.project.id, selection, guard.project.name, posted.form.get("format") === "xlsx" ? "xlsx" : "csv");
  } catch (error) {
    if (error instanceof DomainError) return textResponse(error.code === "NOT_FOUND" ? 404 : 400, error.message);
    throw error;
  }
}
