import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import ExcelJS from "exceljs";
import { escapeCsvFormula } from "@/lib/csv/to-csv";
import { timeZoneOffsetMs } from "@/lib/projects/zoned-time";

/**
 * What a column holds, which decides its cell type and number format: `text` for identifiers
 * (backer numbers as typed, tracking numbers, codes, emails), typed as Text ("@") so Excel keeps
 * what is typed into it later as typed; `integer` and `amount` for quantities and money, as
 * numbers; `date` for moments, as real date cells.
 */
export type WorkbookColumnKind = "text" | "integer" | "amount" | "date";

export type WorkbookColumn = { header: string; kind: WorkbookColumnKind; width?: number };

export type WorkbookCell = string | number | boolean | Date | null | undefined;

export type WorkbookStreamOptions = {
  /** Dates are written as the wall-clock time in this zone (a workbook's dates have none). Default UTC. */
  timeZone?: string;
};

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const NUMBER_FORMATS: Record<WorkbookColumnKind, string> = {
  text: "@",
  integer: "0",
  amount: "#,##0.00",
  date: "yyyy-mm-dd hh:mm",
};

const DEFAULT_WIDTHS: Record<WorkbookColumnKind, number> = { text: 24, integer: 12, amount: 14, date: 18 };

/** A moment as its wall-clock time in `timeZone`, expressed as a UTC Date (what exceljs turns into a serial). */
function wallClock(date: Date, timeZone: string): Date {
  if (timeZone === "UTC") return date;
  return new Date(Math.floor(date.getTime() / 1000) * 1000 + timeZoneOffsetMs(date, timeZone));
}

function cellValue(value: WorkbookCell, kind: WorkbookColumnKind, timeZone: string): ExcelJS.CellValue {
  if (value === null || value === undefined || value === "") return null;
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? null : kind === "date" ? wallClock(value, timeZone) : value.toISOString();
  if (typeof value === "number" || typeof value === "boolean") return kind === "text" ? String(value) : value;
  // A text cell is never a formula in a workbook, but editing it would make it one: the same
  // apostrophe as in our CSV keeps it text, and both files show the same value.
  return escapeCsvFormula(value);
}

/**
 * Waits until the reader has taken what the workbook wrote so far; false once it has gone away.
 * The turn of the event loop first lets the zip's compression pass the rows on to `output`
 * (exceljs hands them to it without waiting), so a full `output` is seen before more rows follow.
 */
async function readerCaughtUp(output: PassThrough): Promise<boolean> {
  await nextTurn();
  while (!output.destroyed && output.writableNeedDrain) {
    // The listener that did not fire is removed, or a long slow download would pile up one per batch.
    const settled = new AbortController();
    await Promise.race([once(output, "drain", { signal: settled.signal }), once(output, "close", { signal: settled.signal })]).finally(() => settled.abort());
  }
  return !output.destroyed;
}

/**
 * Streams a one-sheet Excel workbook: a bold, frozen header row, each column typed by its kind,
 * rows written as they arrive (in batches, so 250,000 rows are never held at once). Returns the
 * bytes as a web stream for a download Response. The next batch is asked for only once the reader
 * has taken the bytes of the last one, so a slow download holds a batch or so in memory, not the
 * whole export; a cancelled download stops asking for rows (which ends a database cursor behind them).
 */
export function workbookStream(
  sheetName: string,
  columns: readonly WorkbookColumn[],
  batches: AsyncIterable<readonly (readonly WorkbookCell[])[]>,
  options: WorkbookStreamOptions = {},
): ReadableStream<Uint8Array> {
  const timeZone = options.timeZone ?? "UTC";
  const output = new PassThrough();
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = writer.addWorksheet(sheetName.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((column, index) => ({
    header: escapeCsvFormula(column.header),
    key: String(index),
    width: column.width ?? DEFAULT_WIDTHS[column.kind],
    style: { numFmt: NUMBER_FORMATS[column.kind] },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  void (async () => {
    for await (const batch of batches) {
      for (const row of batch)
        sheet.addRow(columns.map((column, index) => cellValue(row[index], column.kind, timeZone))).commit();
      if (!(await readerCaughtUp(output))) return;
    }
    sheet.commit();
    await writer.commit();
  })().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;
}

/** A download file name from a project name: "tracking-numbers-my-project.xlsx". */
export function downloadSlug(projectName: string): string {
  return (
    projectName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "project"
  );
}
