import { DomainError } from "@/lib/errors";
import { XLSX_CONTENT_TYPE } from "@/lib/spreadsheets/write-workbook-stream";
import { buildTrackingProblemRowsWorkbook } from "@/lib/tracking/build-tracking-problem-rows-workbook";
import { exportTrackingProblemRows } from "@/lib/tracking/export-tracking-problem-rows";
import { readTrackingUploadFormOrThrow } from "@/lib/tracking/read-tracking-upload-form";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { guardTrackingRoute, readTrackingRouteForm, textResponse } from "@/lib/tracking/tracking-route-guard";

/** The rows of an upload that have problems, as a CSV (or, with `format=xlsx`, a workbook) to fix and upload again. */
export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  const { projectId } = await params;
  const guard = await guardTrackingRoute(request, projectId, "edit");
  if (!guard.ok) return guard.response;
  const posted = await readTrackingRouteForm(request, REQUEST_BODY_LIMITS.upload);
  if (!posted.ok) return posted.response;
  try {
    const form = await readTrackingUploadFormOrThrow(posted.form);
    const { csv, table } = await exportTrackingProblemRows({ ...form, projectId: guard.project.id });
    const base = form.fileName.replace(/\.[^.]+$/, "").replace(/["\\\r\n]/g, "_").slice(0, 80) || "tracking";
    if (posted.form.get("format") === "xlsx") {
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
  } catch (error) {
    if (error instanceof DomainError) return textResponse(error.code === "NOT_FOUND" ? 404 : 400, error.message);
    throw error;
  }
}
