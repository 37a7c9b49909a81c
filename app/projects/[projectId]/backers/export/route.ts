import { backerReportExportFileName, backerReportExportMediaType, backerReportExportRunsAsJob } from "@/lib/backers/report/backer-report-export-file";
import { parseBackerReportExportFormOrThrow } from "@/lib/backers/report/export-backer-report-csv";
import { generateBackerReportExport } from "@/lib/backers/report/generate-backer-report-export";
import { countBackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { startBackerReportExportJob } from "@/lib/backers/report/start-backer-report-export-job";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { downloadResponse } from "@/lib/http/download-response";
import { projectRoute } from "@/lib/http/project-route";
import { jsonRouteResponse } from "@/lib/http/route-responses";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";

const NOT_A_FORM = "The export request was not a form. Open the backer report and export again.";

/**
 * The backer report's "Export CSV" (and, with `format=xlsx`, "Export Excel"): the selection bar posts
 * the selection (ticked backers, or all matching the filter) with the view's sort. One report page
 * of backers or fewer comes back at once as the file; more is queued as a job for the worker and
 * answered with `202 { jobId }` to a script (the export dialog follows it) or, to a plain form
 * post, a redirect to the Activity page where the file is offered once written.
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
  async ({ request, project, user, form }) => {
    const { selection, sort, dir, format } = parseBackerReportExportFormOrThrow(form);
    // Counted (which resolves the selection) before any byte is sent, so a stale segment answers
    // with a message, not a download that breaks off after its header.
    const rows = await countBackerSelection(project.id, selection);
    const fileName = backerReportExportFileName(project.name, format);
    if (backerReportExportRunsAsJob(rows)) {
      const { jobId } = await runInTransaction((tx) =>
        startBackerReportExportJob(tx, {
          projectId: project.id,
          actorId: user.id,
          rows,
          export: { selection, sort, dir, format, fileName, timeZone: project.timeZone },
        }),
      );
      if (request.headers.get("accept")?.includes("application/json")) return jsonRouteResponse({ jobId, rows }, 202);
      return Response.redirect(new URL(`/projects/${project.id}/activity`, request.url), 303);
    }
    const body = generateBackerReportExport(project.id, selection, format, { sort, dir, timeZone: project.timeZone });
    return downloadResponse(body, { name: fileName, mediaType: backerReportExportMediaType(format) });
  },
);
