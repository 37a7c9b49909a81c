import {
  backerReportCsvResponse,
  parseBackerReportExportFormOrThrow,
} from "@/lib/backers/report/export-backer-report-csv";
import { backerReportWorkbookResponse } from "@/lib/backers/report/export-backer-report-workbook";
import { resolveBackerSelectionSql } from "@/lib/backers/report/resolve-backer-selection";
import { DomainError } from "@/lib/errors";
import { readFormWithinLimit } from "@/lib/http/read-form-within-limit";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { authorizeProjectRoute } from "@/lib/projects/authorize-project-route";
import { isCrossSiteRequest } from "@/lib/auth/is-cross-site-request";

function text(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** "Tidewater: Second Edition" → "tidewater-second-edition"; a file name every OS accepts. */
function fileSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "project";
}

/**
 * The backer report's "Export CSV" (and, with `format=xlsx`, "Export Excel"): the selection bar posts the selection (ticked backers, or all
 * matching the filter) with the view's sort, and gets the CSV as a download, streamed in batches.
 * Anyone but a member of the project gets the same 404 as for a project that does not exist.
 */
export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  const { projectId } = await params;
  const member = await authorizeProjectRoute(projectId, "export");
  if (!member.ok) return text(member.status, member.message);
  const { project } = member;
  if (isCrossSiteRequest(request)) return text(403, "This export must be started from the backer report. Open the report and export again.");

  const posted = await readFormWithinLimit(request, REQUEST_BODY_LIMITS.selectionForm);
  if (!posted.ok && posted.reason === "too-large") return text(413, "The export request is too large. Select fewer backers, or export all backers matching the filter.");
  if (!posted.ok) return text(400, "The export request was not a form. Open the backer report and export again.");
  const form = posted.form;
  try {
    const { selection, sort, dir } = parseBackerReportExportFormOrThrow(form);
    // Resolved here as well as in the stream so a stale segment answers with a message, not a
    // download that breaks off after its header.
    await resolveBackerSelectionSql(project.id, selection);
    const date = new Date().toISOString().slice(0, 10);
    if (form.get("format") === "xlsx") {
      return backerReportWorkbookResponse(project.id, selection, { sort, dir, timeZone: project.timeZone, fileName: `${fileSlug(project.name)}-backers-${date}.xlsx` });
    }
    return backerReportCsvResponse(project.id, selection, { sort, dir, timeZone: project.timeZone, fileName: `${fileSlug(project.name)}-backers-${date}.csv` });
  } catch (error) {
    if (error instanceof DomainError) return text(error.code === "NOT_FOUND" ? 404 : 400, error.message);
    throw error;
  }
}
