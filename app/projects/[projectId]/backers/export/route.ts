import {
  backerReportCsvResponse,
  parseBackerReportExportFormOrThrow,
} from "@/lib/backers/report/export-backer-report-csv";
import { backerReportWorkbookResponse } from "@/lib/backers/report/export-backer-report-workbook";
import { resolveBackerSelectionSql } from "@/lib/backers/report/resolve-backer-selection";
import { projectRoute } from "@/lib/http/project-route";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";

const NOT_A_FORM = "The export request was not a form. Open the backer report and export again.";

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
export const POST = projectRoute(
  {
    permission: "export",
    format: "text",
    crossSite: "This export must be started from the backer report. Open the report and export again.",
    form: {
      limit: REQUEST_BODY_LIMITS.selectionForm,
      messages: {
        sizeSentence: false,
        tooLarge: "The export request is too large. Select fewer backers, or export all backers matching the filter.",
        incomplete: NOT_A_FORM,
        notAForm: NOT_A_FORM,
      },
    },
  },
  async ({ project, form }) => {
    const { selection, sort, dir } = parseBackerReportExportFormOrThrow(form);
    // Resolved here as well as in the stream so a stale segment answers with a message, not a
    // download that breaks off after its header.
    await resolveBackerSelectionSql(project.id, selection);
    const date = new Date().toISOString().slice(0, 10);
    if (form.get("format") === "xlsx") {
      return backerReportWorkbookResponse(project.id, selection, {
        sort,
        dir,
        timeZone: project.timeZone,
        fileName: `${fileSlug(project.name)}-backers-${date}.xlsx`,
      });
    }
    return backerReportCsvResponse(project.id, selection, {
      sort,
      dir,
      timeZone: project.timeZone,
      fileName: `${fileSlug(project.name)}-backers-${date}.csv`,
    });
  },
);
