import { runInTransaction } from "@/lib/db/run-in-transaction";
import { downloadResponse } from "@/lib/http/download-response";
import { projectRoute } from "@/lib/http/project-route";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { jsonRouteResponse } from "@/lib/http/route-responses";
import { exportRunsAsJob } from "@/lib/jobs/export-runs-as-job";
import { generateSkuPerColumnExport, skuPerColumnExportMediaType } from "@/lib/segments/generate-sku-per-column-export";
import { openSkuPerColumnReport, SKU_PER_COLUMN_TRANSACTION } from "@/lib/segments/open-sku-per-column-report";
import { skuPerColumnExportFileName } from "@/lib/segments/sku-per-column-export-file";
import { startSkuPerColumnExportJob } from "@/lib/segments/start-sku-per-column-export-job";

const NOT_A_FORM = "The export request was not a form. Open the segment's Export Reports page and export again.";

/**
 * "Export Reports" → "SKU per Column" of a segment, as CSV or (`format=xlsx`) an Excel workbook,
 * posted by the segment's Export Reports page. One report page of backers or fewer comes back at
 * once as the file; more is queued as a job for the worker and answered with `202 { jobId }` to a
 * script (the export dialog follows it) or, to a plain form post, a redirect to the Activity page
 * where the file is offered once written. Members who may export only; anyone else gets the same
 * 404 as for a project that does not exist.
 */
export const POST = projectRoute<{ projectId: string; segmentId: string }>(
  {
    permission: "export",
    format: "text",
    crossSite: "This export must be started from the segment's Export Reports page. Open it and export again.",
    form: {
      limit: REQUEST_BODY_LIMITS.exportChoiceForm,
      messages: { sizeSentence: false, tooLarge: NOT_A_FORM, incomplete: NOT_A_FORM, notAForm: NOT_A_FORM },
    },
  },
  async ({ request, project, user, form, params: { segmentId } }) => {
    const format = form.get("format") === "xlsx" ? "xlsx" : "csv";
    // Read whole when a page of rows at most; counted first, so a larger segment starts a job
    // instead, and a missing one answers with a message, not a file.
    const read = await runInTransaction(async (tx) => {
      const report = await openSkuPerColumnReport(tx, project.id, segmentId, { timeZone: project.timeZone });
      if (exportRunsAsJob(report.rows)) return { ...report, file: null };
      const chunks: Uint8Array[] = [];
      for await (const chunk of generateSkuPerColumnExport(report, format)) chunks.push(chunk);
      return { ...report, file: Buffer.concat(chunks) };
    }, SKU_PER_COLUMN_TRANSACTION);
    const fileName = skuPerColumnExportFileName(read.segmentName, format);
    if (read.file) {
      const file = read.file;
      return downloadResponse(
        (async function* () {
          yield file;
        })(),
        { name: fileName, mediaType: skuPerColumnExportMediaType(format) },
      );
    }
    const { jobId } = await runInTransaction((tx) =>
      startSkuPerColumnExportJob(tx, {
        projectId: project.id,
        actorId: user.id,
        rows: read.rows,
        segmentName: read.segmentName,
        export: { segmentId, format, fileName, timeZone: project.timeZone },
      }),
    );
    if (request.headers.get("accept")?.includes("application/json"))
      return jsonRouteResponse({ jobId, rows: read.rows }, 202);
    return Response.redirect(new URL(`/projects/${project.id}/activity`, request.url), 303);
  },
);
