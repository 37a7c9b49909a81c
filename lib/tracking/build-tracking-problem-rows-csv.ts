import type { CsvRow } from "@/lib/csv/parse-csv";
import { toCsv } from "@/lib/csv/to-csv";
import type { TrackingRowIssue } from "./match-tracking-rows";

/**
 * The rows of an upload that have problems, as a CSV to fix and upload again: every original
 * column as it was, then "Row in your file", "Problem" and "How to fix". The extra columns are
 * ignored when the fixed file is uploaded. Warnings are included after the errors' row order, so
 * nothing a creator should look at is missing.
 */
export function buildTrackingProblemRowsCsv(
  headers: readonly string[],
  rows: readonly CsvRow[],
  issues: ReadonlyMap<number, readonly TrackingRowIssue[]>,
): string {
  const table = trackingProblemRowsTable(headers, rows, issues);
  return toCsv(table.headers, table.rows);
}

/** The problem rows' header and cells, for the CSV above or an Excel workbook. */
export function trackingProblemRowsTable(
  headers: readonly string[],
  rows: readonly CsvRow[],
  issues: ReadonlyMap<number, readonly TrackingRowIssue[]>,
): { headers: string[]; rows: (string | number)[][] } {
  const outHeaders = [...headers, "Row in your file", "Problem", "How to fix"];
  const out = rows
    .filter((row) => issues.has(row.row))
    .map((row) => {
      const list = issues.get(row.row)!;
      const label = (issue: TrackingRowIssue) => (issue.severity === "error" ? "Error: " : "Warning: ");
      return [
        ...row.cells,
        row.row,
        list.map((issue) => `${label(issue)}${issue.message}`).join(" | "),
        [...new Set(list.map((issue) => issue.fix))].join(" | "),
      ];
    });
  return { headers: outHeaders, rows: out };
}
