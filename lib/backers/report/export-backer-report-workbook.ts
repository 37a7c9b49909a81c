import "server-only";
import { prisma } from "@/lib/db/client";
import { workbookStream, XLSX_CONTENT_TYPE, type WorkbookColumn } from "@/lib/spreadsheets/write-workbook-stream";
import { backerReportCsvCells, backerReportExportHeaders, type ExportBackerReportOptions } from "./export-backer-report-csv";
import { queryBackerReportRows, type DecodedCursor } from "./list-backer-report";
import { backerSelectionWhereSqlOrThrow, type BackerSelection } from "./resolve-backer-selection";

/** The CSV's columns, typed: identifiers as text, amounts as numbers, Pledged At a date cell on the zone's clock. */
function workbookColumns(timeZone: string): WorkbookColumn[] {
  return backerReportExportHeaders(timeZone).map((header) => ({
    header,
    kind: header === "Pledge Amount" || header === "Credit" ? "amount" : header.startsWith("Pledged At") ? "date" : "text",
    width: header === "Email" || header === "Digital Rewards" ? 30 : header === "Tracking Number" || header.startsWith("Pledged At") ? 26 : undefined,
  }));
}

const DEFAULT_BATCH_SIZE = 5_000;

/**
 * The backer report export as an Excel workbook: the CSV's columns and rows (read the same way, in
 * keyset batches in the view's order), with backer and tracking numbers as text, amounts as
 * numbers, Pledged At as a date cell, a frozen header, and formula-like text escaped as in the CSV.
 */
export function backerReportWorkbookResponse(
  projectId: string,
  selection: BackerSelection,
  options: ExportBackerReportOptions & { fileName: string },
): Response {
  const { sort = "number", dir = "asc", batchSize = DEFAULT_BATCH_SIZE, db = prisma, timeZone = "UTC" } = options;
  async function* batches() {
    const where = await backerSelectionWhereSqlOrThrow(projectId, selection, db);
    let cursor: DecodedCursor | null = null;
    for (;;) {
      const { rows, sortValues } = await queryBackerReportRows(db, where, sort, dir, cursor, batchSize);
      if (rows.length === 0) return;
      yield rows.map((row) => backerReportCsvCells(row));
      if (rows.length < batchSize) return;
      cursor = { value: sortValues[sortValues.length - 1], id: rows[rows.length - 1].id };
    }
  }
  return new Response(workbookStream("Backers", workbookColumns(timeZone), batches(), { timeZone }), {
    headers: {
      "Content-Type": XLSX_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${options.fileName.replace(/["\\\r\n]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
