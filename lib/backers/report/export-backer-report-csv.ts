import "server-only";
import { toCsv, type CsvCell } from "@/lib/csv/to-csv";
import { prisma, type Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { formatInZone, zonedHeading } from "@/lib/projects/zoned-time";
import {
  BackerReportSortKeySchema,
  SortDirectionSchema,
  isBackerReportFiltered,
  type BackerReportSortKey,
  type SortDirection,
} from "./backer-report-query-schema";
import { INDEX_ORDER_BUDGET_MS, queryBackerReportRows, type BackerReportRow, type DecodedCursor } from "./list-backer-report";
import { BackerSelectionSchema, backerSelectionWhereSqlOrThrow, type BackerSelection } from "./resolve-backer-selection";

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

/** Big enough that 250,000 rows take 50 round trips, small enough that memory stays flat. */
const DEFAULT_BATCH_SIZE = 5_000;

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

export type ExportBackerReportOptions = {
  sort?: BackerReportSortKey;
  dir?: SortDirection;
  batchSize?: number;
  db?: Tx | typeof prisma;
  /** See queryBackerReportRows; defaults to the report page's budget. */
  indexOrderBudgetMs?: number;
  /** The project's zone: times are written on its clock, and their heading names it. Default UTC. */
  timeZone?: string;
};

/**
 * The selected backers (for "export the current view": `{ kind: "matching", filter }`) as CSV
 * text chunks, in the view's order: UTF-8 BOM and header first, CRLF line endings, formula-like
 * cells escaped (lib/csv/to-csv). Rows are read in keyset batches, so memory stays flat at 250,000
 * backers. Rows edited during the export appear once, with whichever version the batch read.
 */
export async function* generateBackerReportCsv(
  projectId: string,
  selection: BackerSelection,
  options: ExportBackerReportOptions = {},
): AsyncGenerator<string> {
  const { sort = "number", dir = "asc", batchSize = DEFAULT_BATCH_SIZE, db = prisma, timeZone = "UTC" } = options;
  const headers = backerReportExportHeaders(timeZone);
  const where = await backerSelectionWhereSqlOrThrow(projectId, selection, db);
  // toCsv writes BOM + header + rows; later batches drop the prefix it writes for an empty table,
  // so every byte still comes from the one CSV writer.
  const prefix = toCsv(headers, []);
  yield prefix;
  let cursor: DecodedCursor | null = null;
  // The report page's fallback for a selection matching few backers of many. Ticked backers are
  // few by nature: found first, then sorted. A filtered view first tries the sort index under a
  // time budget; once a batch had to be found by filtering first, the rest are too, rather than
  // each spending the budget again. The unfiltered view reads the index in order (undefined):
  // sorting all 250,000 backers for every batch is what must never happen.
  let budgetMs: number | undefined =
    selection.kind === "ids" ? 0 : isBackerReportFiltered(selection.filter) ? (options.indexOrderBudgetMs ?? INDEX_ORDER_BUDGET_MS) : undefined;
  for (;;) {
    const { rows, sortValues, filteredFirst } = await queryBackerReportRows(db, where, sort, dir, cursor, batchSize, {
      indexOrderBudgetMs: budgetMs,
    });
    if (filteredFirst) budgetMs = 0;
    if (rows.length === 0) return;
    yield toCsv(headers, rows.map((row) => backerReportCsvCells(row, timeZone))).slice(prefix.length);
    if (rows.length < batchSize) return;
    cursor = { value: sortValues[sortValues.length - 1], id: rows[rows.length - 1].id };
  }
}

/** generateBackerReportCsv as a byte stream, for a route handler's Response body. */
export function exportBackerReportCsv(
  projectId: string,
  selection: BackerSelection,
  options: ExportBackerReportOptions = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks = generateBackerReportCsv(projectId, selection, options);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/**
 * A download Response for a route handler. The caller must have checked that the user may see
 * the project and parsed `selection` with BackerSelectionSchema.
 */
export function backerReportCsvResponse(
  projectId: string,
  selection: BackerSelection,
  options: ExportBackerReportOptions & { fileName?: string } = {},
): Response {
  const fileName = options.fileName ?? `backers-${new Date().toISOString().slice(0, 10)}.csv`;
  return new Response(exportBackerReportCsv(projectId, selection, options), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName.replace(/["\\\r\n]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}

/**
 * Reads the export form the selection bar posts (`selection` as JSON, `sort`, `dir`). Throws
 * INVALID_INPUT with a message saying what to do when the form is not one it sent.
 */
export function parseBackerReportExportFormOrThrow(form: FormData): { selection: BackerSelection; sort: BackerReportSortKey; dir: SortDirection } {
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
  return { selection: selection.data, sort: sort.data, dir: dir.data };
}
