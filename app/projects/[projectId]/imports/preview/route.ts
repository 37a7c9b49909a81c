import { previewBackerImport } from "@/lib/backers/import/import-backers";
import { MAX_BACKER_IMPORT_BYTES, readBackerImportFormOrThrow } from "@/lib/backers/import/read-backer-import-form";
import { summarizeBackerImportPreview } from "@/lib/backers/import/summarize-backer-import-preview";
import { formatByteSize } from "@/lib/csv/file-problem";
import { domainErrorResponse, failureResponse, guardImportRoute, jsonResponse } from "../import-route-guard";

/** Multipart overhead on top of the file limit (boundaries, the mapping field). */
const FORM_OVERHEAD_BYTES = 1024 * 1024;

/**
 * Upload step of "Import backers": reads the posted CSV or ZIP (and the column mapping, when the
 * creator chose one), compares it with the project and answers the preview as JSON. Changes no
 * backer; records the preview (or the rejection) in the imports history. A route handler rather
 * than a server action because a 250,000-row report is ~62 MB.
 */
export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  const { projectId } = await params;
  const guard = await guardImportRoute(request, projectId);
  if (!guard.ok) return guard.response;
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BACKER_IMPORT_BYTES + FORM_OVERHEAD_BYTES) {
    return failureResponse(
      413,
      "INVALID_INPUT",
      `The upload is ${formatByteSize(declared)}; the limit is ${formatByteSize(MAX_BACKER_IMPORT_BYTES)}. Split the report into smaller files (for example one per reward). Nothing was changed.`,
    );
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return failureResponse(400, "INVALID_INPUT", "The upload did not arrive complete. Choose the file and try again; nothing was changed.");
  }
  try {
    const { files, mapping } = await readBackerImportFormOrThrow(form);
    const preview = await previewBackerImport(projectId, files, { mapping }, guard.user.id);
    return jsonResponse(200, { ok: true, data: summarizeBackerImportPreview(preview) });
  } catch (error) {
    return domainErrorResponse(error);
  }
}
