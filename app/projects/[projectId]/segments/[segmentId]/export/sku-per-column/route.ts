import { prisma } from "@/lib/db/client";
import { projectRoute } from "@/lib/http/project-route";
import { exportSkuPerColumnCsv } from "@/lib/segments/export-sku-per-column-csv";
import { exportSkuPerColumnWorkbook } from "@/lib/segments/export-sku-per-column-workbook";
import { XLSX_CONTENT_TYPE } from "@/lib/spreadsheets/write-workbook-stream";

/**
 * "Export Reports" → "SKU per Column" of a segment, as CSV or (`?format=xlsx`) an Excel workbook,
 * for project members only (404 otherwise). A download link on the segment page, so a GET without
 * the cross-site check: the browser saves the file and no other site can read it.
 */
export const GET = projectRoute<{ projectId: string; segmentId: string }>(
  { permission: "export", format: "text" },
  async ({ request, project, params: { segmentId } }) => {
    if (new URL(request.url).searchParams.get("format") === "xlsx") {
      const { body, fileName } = await exportSkuPerColumnWorkbook(prisma, project.id, segmentId);
      return new Response(body, {
        headers: {
          "content-type": XLSX_CONTENT_TYPE,
          "content-disposition": `attachment; filename="${fileName}"`,
          "cache-control": "private, no-store",
        },
      });
    }
    const { csv, fileName } = await exportSkuPerColumnCsv(prisma, project.id, segmentId);
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName}"`,
        "cache-control": "private, no-store",
      },
    });
  },
);
