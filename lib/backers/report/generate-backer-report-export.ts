import "server-only";
import type { BackerReportExportFormat } from "./backer-report-export-file";
import { generateBackerReportCsvBytes } from "./export-backer-report-csv";
import { generateBackerReportWorkbook } from "./export-backer-report-workbook";
import type { ExportBackerReportOptions } from "./read-backer-report-export-batches";
import type { BackerSelection } from "./resolve-backer-selection";

/**
 * The export file's bytes in `format`, produced as they are read (keyset batches): the one source
 * of the immediate download and of the export job's stored file, so both are the same file.
 */
export function generateBackerReportExport(
  projectId: string,
  selection: BackerSelection,
  format: BackerReportExportFormat,
  options: ExportBackerReportOptions = {},
): AsyncIterable<Uint8Array> {
  return format === "xlsx" ? generateBackerReportWorkbook(projectId, selection, options) : generateBackerReportCsvBytes(projectId, selection, options);
}
