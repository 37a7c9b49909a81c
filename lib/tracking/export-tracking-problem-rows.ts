import "server-only";
import type { CsvRow } from "@/lib/csv/parse-csv";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { buildTrackingProblemRowsCsv, trackingProblemRowsTable } from "./build-tracking-problem-rows-csv";
import { planTrackingUpload } from "./plan-tracking-upload";
import type { TrackingUploadInput } from "./preview-tracking-upload";
import { readTrackingFile } from "./read-tracking-file";

/**
 * The problem rows of an uploaded tracking file as CSV (see buildTrackingProblemRowsCsv) and as a
 * table for a workbook, matched
 * exactly as the preview matches them. Throws INVALID_INPUT for a file that cannot be read at all
 * (its problems are file-wide, not row by row).
 */
export async function exportTrackingProblemRows(
  input: TrackingUploadInput,
): Promise<{ csv: string; rowCount: number; table: { headers: string[]; rows: (string | number)[][] } }> {
  const { file, plan } = await planTrackingUpload(prisma, input.projectId, input, input.selection, input, { withRowIssues: true });
  if (!plan) {
    throw new DomainError("INVALID_INPUT", `${input.fileName} cannot be read, so it has no rows to list: ${file.problems[0]?.message ?? ""}`.trim());
  }
  // A second pass keeps only the problem rows' cells, instead of every row of a large file.
  const kept: CsvRow[] = [];
  let headers: string[] = [];
  readTrackingFile(input.bytes, input.fileName, {
    sheet: input.sheet,
    onCsvRow(row, rowHeaders) {
      headers = rowHeaders;
      if (plan.rowIssues.has(row.row)) kept.push({ ...row, cells: [...row.cells] });
    },
  });
  return {
    csv: buildTrackingProblemRowsCsv(headers, kept, plan.rowIssues),
    rowCount: kept.length,
    table: trackingProblemRowsTable(headers, kept, plan.rowIssues),
  };
}
