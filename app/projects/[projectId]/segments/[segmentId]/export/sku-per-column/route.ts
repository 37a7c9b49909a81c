import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { authorizeProjectRoute } from "@/lib/projects/authorize-project-route";
import { exportSkuPerColumnCsv } from "@/lib/segments/export-sku-per-column-csv";
import { exportSkuPerColumnWorkbook } from "@/lib/segments/export-sku-per-column-workbook";
import { XLSX_CONTENT_TYPE } from "@/lib/spreadsheets/write-workbook-stream";

/**
 * "Export Reports" → "SKU per Column" of a segment, as CSV or (`?format=xlsx`) an Excel workbook,
 * for project members only (404 otherwise).
 */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ projectId: string; segmentId: string }> },
) {
  const { projectId, segmentId } = await params;
  const member = await authorizeProjectRoute(projectId, "export");
  if (!member.ok) return new Response(member.message, { status: member.status });
  const { project } = member;
  try {
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
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") return new Response("Not found", { status: 404 });
    if (error instanceof DomainError) return new Response(error.message, { status: 400 });
    throw error;
  }
}
