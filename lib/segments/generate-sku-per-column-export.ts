import "server-only";
import { toCsv, type CsvCell } from "@/lib/csv/to-csv";
import { formatInZone } from "@/lib/projects/zoned-time";
import { workbookStream, XLSX_CONTENT_TYPE } from "@/lib/spreadsheets/write-workbook-stream";
import type { SkuPerColumnReport } from "./open-sku-per-column-report";
import type { SkuPerColumnExportFormat } from "./sku-per-column-export-file";

/** The file's media type, for whoever sends it. */
export function skuPerColumnExportMediaType(format: SkuPerColumnExportFormat): string {
  return format === "xlsx" ? XLSX_CONTENT_TYPE : "text/csv; charset=utf-8";
}

/** CSV text: amounts as decimals in the project's currency, Pledged At on the zone's clock, formula-safe (lib/csv/to-csv). */
async function* csvChunks(report: SkuPerColumnReport): AsyncGenerator<string> {
  const cells = (row: readonly CsvCell[]) =>
    row.map((cell, index) =>
      report.columns[index].kind === "amount" && typeof cell === "number"
        ? cell.toFixed(report.currencyDigits)
        : cell instanceof Date
          ? formatInZone(cell, report.timeZone, "sheet")
          : cell,
    );
  // toCsv writes BOM + header + rows; each round drops the prefix it writes for an empty table,
  // so every byte still comes from the one CSV writer and the rounds join into one file.
  const prefix = toCsv(report.headers, []);
  yield prefix;
  for await (const rows of report.batches) yield toCsv(report.headers, rows.map(cells)).slice(prefix.length);
}

/** An Excel workbook: identifiers as text, amounts and quantities as numbers, Pledged At a date cell, a frozen header. */
async function* workbookChunks(report: SkuPerColumnReport): AsyncGenerator<Uint8Array> {
  const reader = workbookStream("SKU per Column", report.columns, report.batches, {
    timeZone: report.timeZone,
  }).getReader();
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // A consumer that stops early (a closed download) stops the reading of rounds too.
    await reader.cancel().catch(() => {});
  }
}

/**
 * The SKU per Column file's bytes in `format`, produced round by round as the report's cursor is
 * read: the one source of the immediate download and of the export job's stored file, so both are
 * the same file. Read it inside the transaction the report was opened in.
 */
export async function* generateSkuPerColumnExport(
  report: SkuPerColumnReport,
  format: SkuPerColumnExportFormat,
): AsyncGenerator<Uint8Array> {
  if (format === "xlsx") {
    yield* workbookChunks(report);
    return;
  }
  const encoder = new TextEncoder();
  for await (const chunk of csvChunks(report)) yield encoder.encode(chunk);
}
