import { projectRoute } from "@/lib/http/project-route";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { XLSX_CONTENT_TYPE } from "@/lib/spreadsheets/write-workbook-stream";
import { buildTrackingProblemRowsWorkbook } from "@/lib/tracking/build-tracking-problem-rows-workbook";
import { exportTrackingProblemRows } from "@/lib/tracking/export-tracking-problem-rows";
import { readTrackingUploadFormOrThrow } from "@/lib/tracking/read-tracking-upload-form";
import { TRACKING_CROSS_SITE_MESSAGE, TRACKING_FORM_MESSAGES } from "../tracking-route-options";

/** The rows of an upload that have problems, as a CSV (or, with `format=xlsx`, a workbook) to fix and upload again. */
export const POST = projectRoute(
  {
    permission: "edit",
    format: "text",
    crossSite: TRACKING_CROSS_SITE_MESSAGE,
    form: { limit: REQUEST_BODY_LIMITS.upload, messages: TRACKING_FORM_MESSAGES },
  },
  async ({ project, form: posted }) => {
    const form = await readTrackingUploadFormOrThrow(posted);
    const { csv, table } = await exportTrackingProblemRows({ ...form, projectId: project.id });
    const base =
      form.fileName
        .replace(/\.[^.]+$/, "")
        .replace(/["\\\r\n]/g, "_")
        .slice(0, 80) || "tracking";
    if (posted.get("format") === "xlsx") {
      return new Response(buildTrackingProblemRowsWorkbook(table), {
        headers: {
          "Content-Type": XLSX_CONTENT_TYPE,
          "Content-Disposition": `attachment; filename="${base}-problem-rows.xlsx"`,
          "Cache-Control": "no-store",
        },
      });
    }
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${base}-problem-rows.csv"`,
        "Cache-Control": "no-store",
      },
    });
  },
);
