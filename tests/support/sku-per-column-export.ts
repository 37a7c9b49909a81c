import { runInTransaction } from "@/lib/db/run-in-transaction";
import { generateSkuPerColumnExport } from "@/lib/segments/generate-sku-per-column-export";
import { openSkuPerColumnReport, SKU_PER_COLUMN_TRANSACTION } from "@/lib/segments/open-sku-per-column-report";
import { skuPerColumnExportFileName, type SkuPerColumnExportFormat } from "@/lib/segments/sku-per-column-export-file";

/**
 * A segment's SKU per Column file as the route's immediate download writes it (the same report
 * transaction and generator), read whole: the bytes, the file name and the rows it lists.
 */
export async function skuPerColumnExport(
  projectId: string,
  segmentId: string,
  format: SkuPerColumnExportFormat,
  options: { timeZone?: string } = {},
): Promise<{ fileName: string; bytes: Buffer; rows: number }> {
  return runInTransaction(async (tx) => {
    const report = await openSkuPerColumnReport(tx, projectId, segmentId, options);
    const chunks: Uint8Array[] = [];
    for await (const chunk of generateSkuPerColumnExport(report, format)) chunks.push(chunk);
    return {
      fileName: skuPerColumnExportFileName(report.segmentName, format),
      bytes: Buffer.concat(chunks),
      rows: report.rows,
    };
  }, SKU_PER_COLUMN_TRANSACTION);
}
