import { resolveBackerSelectionSql } from "@/lib/backers/report/resolve-backer-selection";
import { projectRoute } from "@/lib/http/project-route";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { XLSX_CONTENT_TYPE } from "@/lib/spreadsheets/write-workbook-stream";
import { trackingTemplateFile } from "@/lib/tracking/generate-tracking-template-csv";
import { readSelectionFieldOrThrow } from "@/lib/tracking/read-tracking-upload-form";
import { TRACKING_CROSS_SITE_MESSAGE, TRACKING_FORM_MESSAGES } from "../tracking-route-options";

/**
 * "Download Excel template" / "Download CSV template": the upload dialog posts the selection
 * (JSON) and the format (`xlsx`, or CSV when absent) and gets the template.
 */
export const POST = projectRoute(
  {
    permission: "export",
    format: "text",
    crossSite: TRACKING_CROSS_SITE_MESSAGE,
    form: { limit: REQUEST_BODY_LIMITS.selectionForm, messages: TRACKING_FORM_MESSAGES },
  },
  async ({ project, form }) => {
    const selection = readSelectionFieldOrThrow(form);
    // Resolved before streaming, so a stale segment answers with a message instead of a cut-off file.
    await resolveBackerSelectionSql(project.id, selection);
    const format = form.get("format") === "xlsx" ? "xlsx" : "csv";
    const { fileName, body } = trackingTemplateFile(project.id, selection, project.name, format);
    return new Response(body, {
      headers: {
        "Content-Type": format === "xlsx" ? XLSX_CONTENT_TYPE : "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "no-store",
      },
    });
  },
);
