import { previewBackerImport } from "@/lib/backers/import/import-backers";
import { readBackerImportFormOrThrow } from "@/lib/backers/import/read-backer-import-form";
import { summarizeBackerImportPreview } from "@/lib/backers/import/summarize-backer-import-preview";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { domainErrorResponse, guardImportRoute, jsonResponse, readImportRouteForm } from "../import-route-guard";

/**
 * Upload step of "Import backers": reads the posted CSV or ZIP (and the column mapping, when the
 * creator chose one), compares it with the project and answers the preview as JSON. Changes no
 * backer; records the preview (or the rejection) in the imports history. A route handler rather
 * than a server action because a 250,000-row report is ~62 MB.
 */
export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  const { projectId } = await params;
  const guard = await guardImportRoute(request, projectId, "edit");
  if (!guard.ok) return guard.response;
  const posted = await readImportRouteForm(request, REQUEST_BODY_LIMITS.upload);
  if (!posted.ok) return posted.response;
  try {
    const { files, mapping } = await readBackerImportFormOrThrow(posted.form);
    const preview = await previewBackerImport(projectId, files, { mapping }, guard.user.id);
    return jsonResponse(200, { ok: true, data: summarizeBackerImportPreview(preview) });
  } catch (error) {
    return domainErrorResponse(error);
  }
}
