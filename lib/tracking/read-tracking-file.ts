import { decodeTextFile, decodeTextFileInPieces, type TextEncodingName } from "@/lib/csv/decode-text-file";
import { parseCsv, parseCsvAsync, type CsvRow } from "@/lib/csv/parse-csv";
import type { FileProblem } from "@/lib/csv/file-problem";
import { detachString } from "@/lib/node/detach-string";
import { identifySpreadsheet } from "@/lib/spreadsheets/identify-spreadsheet";
import { readWorkbookRowBatches, readWorkbookRows, workbookSheetLabel } from "@/lib/spreadsheets/read-workbook-rows";

/** The template's columns, in order: what identifies the parcel, then what the creator fills in. */
export const TRACKING_TEMPLATE_HEADERS = [
  "Backer Number",
  "Email",
  "Name",
  "Reward",
  "Shipping Country",
  "Tracking Number",
  "Carrier (optional)",
  "Tracking URL (optional)",
] as const;

/** One data row of an uploaded tracking file: the cells that matter, as typed (never converted). */
export type TrackingFileRow = {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  backerNumber: string;
  email: string;
  trackingNumber: string;
  carrier: string;
  trackingUrl: string;
};

export type TrackingFileColumns = {
  backerNumber: number | null;
  email: number | null;
  trackingNumber: number | null;
  carrier: number | null;
  trackingUrl: number | null;
};

export type TrackingFile =
  | { ok: true; fileName: string; headers: string[]; columns: TrackingFileColumns; rows: TrackingFileRow[]; problems: FileProblem[] }
  | { ok: false; fileName: string; problems: FileProblem[] };

/** A tracking file read row by row: what `readTrackingFile` says about it, without the rows. */
export type StreamedTrackingFile =
  | { ok: true; fileName: string; headers: string[]; columns: TrackingFileColumns; rowCount: number; problems: FileProblem[] }
  | { ok: false; fileName: string; problems: FileProblem[] };

export type ReadTrackingFileOptions = {
  maxBytes?: number;
  /** A workbook's sheet to read, by name; its first visible sheet when unset. */
  sheet?: string;
  /** Also receives every parsed row with all its cells (for writing the problem rows back out). */
  onCsvRow?: (row: CsvRow, headers: string[]) => void;
};

// Compared after lower-casing and dropping everything but letters and digits, so "Backer #",
// "backer_number" and "Tracking Number (optional)" all match.
const COLUMN_ALIASES: Record<keyof TrackingFileColumns, string[]> = {
  backerNumber: ["backernumber", "backerno", "backer", "backernum", "backerid", "number"],
  email: ["email", "emailaddress", "backeremail", "mail"],
  trackingNumber: ["trackingnumber", "tracking", "trackingno", "trackingcode", "trackingid", "trackingnumberoptional"],
  carrier: ["carrieroptional", "carrier", "courier", "shippingcarrier", "carriername"],
  trackingUrl: ["trackingurloptional", "trackingurl", "trackinglink", "url", "link"],
};

const headerKey = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Where each column the tracking upload reads sits, found by name in any order and spelling. */
export function findTrackingColumns(headers: readonly string[]): TrackingFileColumns {
  const keys = headers.map(headerKey);
  const find = (aliases: string[]) => {
    for (const alias of aliases) {
      const index = keys.indexOf(alias);
      if (index !== -1) return index;
    }
    return null;
  };
  return {
    backerNumber: find(COLUMN_ALIASES.backerNumber),
    email: find(COLUMN_ALIASES.email),
    trackingNumber: find(COLUMN_ALIASES.trackingNumber),
    carrier: find(COLUMN_ALIASES.carrier),
    trackingUrl: find(COLUMN_ALIASES.trackingUrl),
  };
}

/**
 * Reads a filled tracking template as Excel, Numbers or Google Sheets save it: any encoding
 * decodeTextFile understands (BOM, UTF-16, Windows-1252), comma, semicolon or tab, quoted cells,
 * columns in any order with any extra columns, blank trailing rows. Says precisely what is wrong
 * when the columns it needs are missing.
 */
export function readTrackingFile(bytes: Uint8Array, fileName: string, options: ReadTrackingFileOptions = {}): TrackingFile {
  const kind = identifySpreadsheet(bytes, fileName);
  if (kind.kind === "refused") return { ok: false, fileName, problems: [kind.problem] };
  if (kind.kind === "xlsx") {
    const rows: TrackingFileRow[] = [];
    const toRow = trackingRowReader();
    const book = readWorkbookRows(
      bytes,
      fileName,
      (row, headers) => {
        options.onCsvRow?.(row, headers);
        const read = toRow(row, headers);
        if (read) rows.push(read);
      },
      { ...WORKBOOK_OPTIONS, sheet: options.sheet },
    );
    if (!book.ok) return { ok: false, fileName, problems: book.problems };
    const checked = checkTrackingFile(book.label, [], book.headers, null, book.problems, rows.length);
    return checked.ok ? { ...checked, fileName, rows } : { ...checked, fileName };
  }
  const decoded = decodeTextFile(bytes, fileName, { maxBytes: options.maxBytes });
  if (!decoded.ok) return { ok: false, fileName, problems: [decoded.problem] };
  const rows: TrackingFileRow[] = [];
  const toRow = trackingRowReader();
  const parsed = parseCsv(decoded.text, fileName, {
    onRow(row, headers) {
      options.onCsvRow?.(row, headers);
      const read = toRow(row, headers);
      if (read) rows.push(read);
    },
  });
  const checked = checkTrackingFile(fileName, decoded.warnings, parsed.headers, parsed.delimiter, parsed.problems, rows.length);
  return checked.ok ? { ...checked, rows } : checked;
}

/** What problems call an uploaded tracking file: its name, or for a workbook "tracking.xlsx › Sheet1". */
export function trackingFileLabel(bytes: Uint8Array, fileName: string, sheet?: string): string {
  return identifySpreadsheet(bytes, fileName).kind === "xlsx" ? workbookSheetLabel(bytes, fileName, sheet) : fileName;
}

/** Bytes decoded at a time (see decodeTextFileInPieces' pieceBytes). */
const PIECE_BYTES = 64 * 1024;

/** Characters parsed between two turns of `between` in streamTrackingFile: a few thousand rows. */
const SLICE_CHARS = 256 * 1024;

/**
 * readTrackingFile for large files: decodes and parses the file a piece at a time (see
 * decodeTextFileInPieces), so its text never exists whole next to its bytes, hands each row to
 * `onRow` instead of keeping it, and awaits `between` after about `sliceChars` characters of rows
 * (with how many bytes of the file are read, and its size), so a caller can load what it needs,
 * show progress, and let other requests run. Rows, row numbers, problems and verdict are exactly
 * readTrackingFile's.
 */
export async function streamTrackingFile(
  bytes: Uint8Array,
  fileName: string,
  onRow: (row: TrackingFileRow) => void,
  between: (read: number, total: number) => Promise<void>,
  sliceChars = SLICE_CHARS,
  { sheet }: { sheet?: string } = {},
): Promise<StreamedTrackingFile> {
  const kind = identifySpreadsheet(bytes, fileName);
  if (kind.kind === "refused") return { ok: false, fileName, problems: [kind.problem] };
  if (kind.kind === "xlsx") return streamTrackingWorkbook(bytes, fileName, onRow, between, sheet);
  const decoded = decodeTextFileInPieces(bytes, fileName, { pieceBytes: PIECE_BYTES });
  if (!decoded.ok) return { ok: false, fileName, problems: [decoded.problem] };
  const total = bytes.length;
  const byteLength = pieceByteLength(decoded.encoding);
  // Bytes of the pieces handed to the parser: it parses a piece's rows before asking for the next,
  // so this runs at most a piece (about a mebibyte) ahead of the rows parsed.
  let read = 0;
  const { pieces } = decoded;
  function* counted(): Generator<string> {
    for (const piece of pieces()) {
      read += byteLength(piece);
      yield piece;
    }
  }

  const toRow = trackingRowReader();
  let rowCount = 0;
  let sinceTurn = 0;
  const parsed = await parseCsvAsync(counted(), fileName, {
    onRow(row, headers) {
      // Cells and separators: the row's length in the text, near enough (quotes are not counted).
      sinceTurn += row.cells.length;
      for (const cell of row.cells) sinceTurn += cell.length;
      const trackingRow = toRow(row, headers);
      if (trackingRow) {
        rowCount++;
        onRow(trackingRow);
      }
      if (sinceTurn < sliceChars) return;
      sinceTurn = 0;
      return between(Math.min(read, total), total);
    },
  });
  await between(total, total);
  // The headers are kept with the file's verdict for the whole apply: as slices of the first
  // piece of text they would keep that piece alive (see detachString).
  return checkTrackingFile(fileName, decoded.warnings, parsed.headers.map(detachString), parsed.delimiter, parsed.problems, rowCount);
}

/**
 * Tracking numbers are checked by the tracking rules themselves (scientific notation, digits cut
 * after the 15th), with the same messages as for a CSV file.
 */
const WORKBOOK_OPTIONS = {
  reportLongNumbers: false,
  otherSheetFix: 'If the tracking numbers are on another sheet, choose it under "Sheet to read".',
};

/** streamTrackingFile for an Excel workbook: the chosen or first sheet, a compressed chunk of it between two turns. */
async function streamTrackingWorkbook(
  bytes: Uint8Array,
  fileName: string,
  onRow: (row: TrackingFileRow) => void,
  between: (read: number, total: number) => Promise<void>,
  sheet: string | undefined,
): Promise<StreamedTrackingFile> {
  const toRow = trackingRowReader();
  const total = bytes.length;
  let rowCount = 0;
  const steps = readWorkbookRowBatches(bytes, fileName, { ...WORKBOOK_OPTIONS, sheet });
  for (;;) {
    const step = steps.next();
    if (step.done) {
      await between(total, total);
      const book = step.value;
      if (!book.ok) return { ok: false, fileName, problems: book.problems };
      const checked = checkTrackingFile(book.label, [], book.headers, null, book.problems, rowCount);
      return { ...checked, fileName };
    }
    for (const row of step.value.rows) {
      const trackingRow = toRow(row, step.value.headers);
      if (trackingRow) {
        rowCount++;
        onRow(trackingRow);
      }
    }
    await between(Math.round(total * step.value.progress), total);
  }
}

/** How many bytes of the file a decoded piece came from (its byte-order mark aside). */
function pieceByteLength(encoding: TextEncodingName): (piece: string) => number {
  if (encoding === "utf-8") return (piece) => Buffer.byteLength(piece, "utf8");
  // Windows-1252 is one byte per character; UTF-16 two per code unit.
  if (encoding === "windows-1252") return (piece) => piece.length;
  return (piece) => piece.length * 2;
}

/** Picks the cells that matter out of parsed rows (null for every row of a file without a tracking column). */
function trackingRowReader(): (row: CsvRow, headers: string[]) => TrackingFileRow | null {
  let columns: TrackingFileColumns | null = null;
  const cell = (cells: string[], index: number | null) => (index === null ? "" : (cells[index] ?? ""));
  return (row, headers) => {
    columns ??= findTrackingColumns(headers);
    if (columns.trackingNumber === null) return null;
    return {
      row: row.row,
      backerNumber: cell(row.cells, columns.backerNumber),
      email: cell(row.cells, columns.email),
      trackingNumber: cell(row.cells, columns.trackingNumber),
      carrier: cell(row.cells, columns.carrier),
      trackingUrl: cell(row.cells, columns.trackingUrl),
    };
  };
}

/** The file-wide verdict once every row is parsed: the columns it needs, and at least one data row. */
function checkTrackingFile(
  fileName: string,
  warnings: FileProblem[],
  headers: string[],
  /** The CSV delimiter; null for a workbook. */
  delimiter: string | null,
  parseProblems: FileProblem[],
  rowCount: number,
): StreamedTrackingFile {
  const found = findTrackingColumns(headers);
  const problems = [...warnings, ...parseProblems];
  if (headers.length === 0) return { ok: false, fileName, problems };

  const missing: FileProblem[] = [];
  const seen = headers.slice(0, 8).map((h) => `"${h}"`).join(", ");
  const hint =
    headers.length === 1 && delimiter === ","
      ? " The whole header was read as one column: if the file uses another separator, save it again as CSV."
      : "";
  if (found.trackingNumber === null) {
    missing.push({
      file: fileName,
      row: 1,
      message: `${fileName} has no "Tracking Number" column (its columns are ${seen}${headers.length > 8 ? ", …" : ""}).${hint}`,
      fix: 'Use the template from "Download Excel template" or "Download CSV template", or name the column with the tracking numbers "Tracking Number".',
      severity: "error",
    });
  }
  if (found.backerNumber === null && found.email === null) {
    missing.push({
      file: fileName,
      row: 1,
      message: `${fileName} has neither a "Backer Number" nor an "Email" column, so its rows cannot be matched to backers.`,
      fix: 'Keep the "Backer Number" and "Email" columns of the template; you may add, move or delete the other columns.',
      severity: "error",
    });
  }
  if (missing.length > 0) return { ok: false, fileName, problems: [...problems, ...missing] };
  if (rowCount === 0) {
    return {
      ok: false,
      fileName,
      problems: [
        ...problems,
        { file: fileName, message: `${fileName} has a header row but no data rows.`, fix: "Fill in the template's rows and upload it again.", severity: "error" },
      ],
    };
  }
  return { ok: true, fileName, headers, columns: found, rowCount, problems };
}
