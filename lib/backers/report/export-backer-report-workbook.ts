import "server-only";
import { workbookStream, type WorkbookColumn } from "@/lib/spreadsheets/write-workbook-stream";
import { backerReportCsvCells, backerReportExportHeaders } from "./export-backer-report-csv";
import { readBackerReportExportBatches, type ExportBackerReportOptions } from "./read-backer-report-export-batches";
import type { BackerSelection } from "./resolve-backer-selection";

/** The CSV's columns, typed: identifiers as text, amounts as numbers, Pledged At a date cell on the zone's clock. */
function workbookColumns(timeZone: string): WorkbookColumn[] {
  return backerReportExportHeaders(timeZone).map((header) => ({
    header,
    kind: header === "Pledge Amount" || header === "Credit" ? "amount" : header.startsWith("Pledged At") ? "date" : "text",
    width: header === "Email" || header === "Digital Rewards" ? 30 : header === "Tracking Number" || header.startsWith("Pledged At") ? 26 : undefined,
  }));
}

/**
 * The backer report export as the bytes of an Excel workbook: the CSV's columns and rows (read the
 * same way, in keyset batches in the view's order), with backer and tracking numbers as text,
 * amounts as numbers, Pledged At as a date cell, a frozen header, and formula-like text escaped as
 * in the CSV. The caller decides where the bytes go (a download body, a job's stored file).
 */
export async function* generateBackerReportWorkbook(
  projectId: string,
  selection: BackerSelection,
  options: ExportBackerReportOptions = {},
): AsyncGenerator<Uint8Array> {
  const { timeZone = "UTC" } = options;
  async function* rows() {
    for await (const batch of readBackerReportExportBatches(projectId, selection, options)) yield batch.map((row) => backerReportCsvCells(row));
  }
  const reader = workbookStream("Backers", workbookColumns(timeZone), rows(), { timeZone }).getReader();
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // A consumer that stops early (a closed download) stops the reading of batches too.
    await reader.cancel().catch(() => {});
  }
}
