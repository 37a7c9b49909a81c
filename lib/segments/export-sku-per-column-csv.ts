import "server-only";
import { toCsv } from "@/lib/csv/to-csv";
import type { Tx } from "@/lib/db/client";
import { formatInZone } from "@/lib/projects/zoned-time";
import { loadSkuPerColumnReport } from "./load-sku-per-column-report";

/**
 * "Export Reports" → "SKU per Column" for a segment as CSV (see loadSkuPerColumnReport): amounts
 * as decimals in the project's currency, formula-safe (lib/csv/to-csv).
 */
export async function exportSkuPerColumnCsv(db: Tx, projectId: string, segmentId: string): Promise<{ fileName: string; csv: string; rows: number }> {
  const report = await loadSkuPerColumnReport(db, projectId, segmentId);
  const csv = toCsv(
    report.headers,
    report.rows.map((row) =>
      row.map((cell, index) =>
        report.columns[index].kind === "amount" && typeof cell === "number"
          ? cell.toFixed(report.currencyDigits)
          : cell instanceof Date
            ? formatInZone(cell, report.timeZone, "sheet")
            : cell,
      ),
    ),
  );
  return { fileName: `${report.baseName}.csv`, csv, rows: report.rows.length };
}
