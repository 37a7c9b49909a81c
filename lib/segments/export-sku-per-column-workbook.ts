import "server-only";
import type { Tx } from "@/lib/db/client";
import { workbookStream } from "@/lib/spreadsheets/write-workbook-stream";
import { loadSkuPerColumnReport } from "./load-sku-per-column-report";

/**
 * "Export Reports" → "SKU per Column" for a segment as an Excel workbook (see
 * loadSkuPerColumnReport): identifiers as text, amounts and quantities as numbers, Pledged At as a
 * date cell, a frozen header, text that would run as a formula escaped as in the CSV.
 */
export async function exportSkuPerColumnWorkbook(
  db: Tx,
  projectId: string,
  segmentId: string,
): Promise<{ fileName: string; body: ReadableStream<Uint8Array>; rows: number }> {
  const report = await loadSkuPerColumnReport(db, projectId, segmentId);
  async function* batches() {
    for (let start = 0; start < report.rows.length; start += 5_000) yield report.rows.slice(start, start + 5_000);
  }
  return {
    fileName: `${report.baseName}.xlsx`,
    body: workbookStream("SKU per Column", report.columns, batches(), { timeZone: report.timeZone }),
    rows: report.rows.length,
  };
}
