import "server-only";
import { toCsv, type CsvCell } from "@/lib/csv/to-csv";
import { DomainError } from "@/lib/errors";
import { formatInZone, zonedHeading } from "@/lib/projects/zoned-time";
import { BackerReportSortKeySchema, SortDirectionSchema, type BackerReportSortKey, type SortDirection } from "./backer-report-query-schema";
import type { BackerReportExportFormat } from "./backer-report-export-file";
import type { BackerReportRow } from "./list-backer-report";
import { readBackerReportExportBatches, type ExportBackerReportOptions } from "./read-backer-report-export-batches";
import { BackerSelectionSchema, type BackerSelection } from "./resolve-backer-selection";

/** The columns of the report's CSV and workbook; "Pledged At" is headed with the project's zone (see backerReportExportHeaders). */
export const BACKER_REPORT_CSV_HEADERS = [
  "Backer Number",
  "Backer Name",
  "Email",
  "Pledge Level",
  "Pledge Amount",
  "Currency",
  "Payment Status",
  "Pledged At",
  "Country",
  "Tracking Number",
  "Carrier",
  "Digital Rewards",
  "Credit",
] as const;

/**
 * The export's header row for a project in `timeZone`: the pledge time is a wall-clock time in
 * that zone, so its heading names the zone ("Pledged At (America/Los_Angeles)").
 */
export function backerReportExportHeaders(timeZone: string): string[] {
  return BACKER_REPORT_CSV_HEADERS.map((header) => (header === "Pledged At" ? zonedHeading(header, timeZone) : header));
}

function minorUnitDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units as a number in major units (1250 USD → 12.5): spreadsheets then sum the column. */
function majorUnits(minor: number | null, digits: number): number | null {
  return minor === null ? null : minor / 10 ** digits;
}

/**
 * One export line's cells for a report row, in BACKER_REPORT_CSV_HEADERS order. With `timeZone`
 * (the CSV) the pledge time is text on that zone's clock; without (the workbook, which writes
 * the zone's wall time into a real date cell itself) it stays the moment.
 */
export function backerReportCsvCells(row: BackerReportRow, timeZone?: string): CsvCell[] {
  const digits = minorUnitDigits(row.currency);
  return [
    row.backerNumber,
    row.name,
    row.email,
    row.pledgeLevelName,
    majorUnits(row.amount, digits),
    row.currency,
    row.status?.toLowerCase() ?? null,
    row.pledgedAt && timeZone ? formatInZone(row.pledgedAt, timeZone, "sheet") : row.pledgedAt,
    row.country,
    row.trackingNumber,
    row.carrier,
    row.digitalRewards.join("; "),
    majorUnits(row.creditBalance, digits),
  ];
}

export type { ExportBackerReportOptions };

/**
 * The selected backers (for "export the current view": `{ kind: "matching", filter }`) as CSV
 * text chunks, in the view's order: UTF-8 BOM and header first, CRLF line endings, formula-like
 * cells escaped (lib/csv/to-csv). One chunk per keyset batch (readBackerReportExportBatches), so
 * memory stays flat at 250,000 backers.
 */
export async function* generateBackerReportCsv(
  projectId: string,
  selection: BackerSelection,
  options: ExportBackerReportOptions = {},
): AsyncGenerator<string> {
  const { timeZone = "UTC" } = options;
  const headers = backerReportExportHeaders(timeZone);
  const batches = readBackerReportExportBatches(projectId, selection, options);
  // toCsv writes BOM + header + rows; batches drop the prefix it writes for an empty table, so
  // every byte still comes from the one CSV writer. The first batch is read before the header is
  // given out, so a stale segment fails before any byte is written.
  const first = await batches.next();
  const prefix = toCsv(headers, []);
  yield prefix;
  if (first.done) return;
  yield toCsv(headers, first.value.map((row) => backerReportCsvCells(row, timeZone))).slice(prefix.length);
  for await (const rows of batches) yield toCsv(headers, rows.map((row) => backerReportCsvCells(row, timeZone))).slice(prefix.length);
}

/** generateBackerReportCsv as UTF-8 bytes, for a download body or a job's stored file. */
export async function* generateBackerReportCsvBytes(
  projectId: string,
  selection: BackerSelection,
  options: ExportBackerReportOptions = {},
): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for await (const chunk of generateBackerReportCsv(projectId, selection, options)) yield encoder.encode(chunk);
}

/**
 * Reads the export form the selection bar posts (`selection` as JSON, `sort`, `dir`, and `format`
 * "xlsx" for a workbook). Throws INVALID_INPUT with a message saying what to do when the form is
 * not one it sent.
 */
export function parseBackerReportExportFormOrThrow(form: FormData): {
  selection: BackerSelection;
  sort: BackerReportSortKey;
  dir: SortDirection;
  format: BackerReportExportFormat;
} {
  const raw = form.get("selection");
  let json: unknown;
  try {
    json = typeof raw === "string" ? JSON.parse(raw) : undefined;
  } catch {
    json = undefined;
  }
  const selection = BackerSelectionSchema.safeParse(json);
  if (!selection.success) {
    const detail = json === undefined ? "The export request did not say which backers to export." : selection.error.issues[0].message;
    throw new DomainError("INVALID_INPUT", `${detail} Reload the backer report and export again.`);
  }
  const sort = BackerReportSortKeySchema.safeParse(form.get("sort") ?? "number");
  const dir = SortDirectionSchema.safeParse(form.get("dir") ?? "asc");
  if (!sort.success || !dir.success) {
    throw new DomainError("INVALID_INPUT", "The export request named an unknown sort order. Reload the backer report and export again.");
  }
  return { selection: selection.data, sort: sort.data, dir: dir.data, format: form.get("format") === "xlsx" ? "xlsx" : "csv" };
}
