import { decodeTextFile } from "@/lib/csv/decode-text-file";
import { parseCsv, type CsvRow } from "@/lib/csv/parse-csv";
import { sliceCsvRecords } from "./slice-csv-records";
import type { FileProblem } from "@/lib/csv/file-problem";

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

/** Characters parsed between two turns of `between` in streamTrackingFile: a few thousand rows. */
const SLICE_CHARS = 256 * 1024;

/**
 * readTrackingFile for large files: parses the text a slice of records at a time (see
 * sliceCsvRecords), hands each row to `onRow` instead of keeping it, and awaits `between` after
 * every slice (with how many characters of the text are parsed), so a caller can load what it
 * needs, show progress, and let other requests run. Returns null when
 * the file must be read whole with readTrackingFile — it is small, cannot be cut, or a slice has
 * problems (their messages would carry the slice's row numbers) — and then the caller must
 * discard what it did with the rows it was given.
 */
export async function streamTrackingFile(
  bytes: Uint8Array,
  fileName: string,
  onRow: (row: TrackingFileRow) => void,
  between: (parsed: number, total: number) => Promise<void>,
  sliceChars = SLICE_CHARS,
): Promise<StreamedTrackingFile | null> {
  const decoded = decodeTextFile(bytes, fileName);
  if (!decoded.ok) return { ok: false, fileName, problems: [decoded.problem] };
  const sliced = sliceCsvRecords(decoded.text, sliceChars);
  if (!sliced || decoded.text.length - sliced.header.length <= sliceChars) return null;

  const toRow = trackingRowReader();
  let headers: string[] = [];
  let delimiter: ReturnType<typeof parseCsv>["delimiter"] | undefined;
  let rowCount = 0;
  let parsedChars = sliced.header.length;
  for (const slice of sliced.slices) {
    const parsed = parseCsv(sliced.header + slice.text, fileName, {
      delimiter,
      onRow(row, rowHeaders) {
        const read = toRow(row, rowHeaders);
        if (!read) return;
        // The slice is parsed behind a copy of the header (its row 1).
        read.row = slice.recordsBefore + row.row - 1;
        rowCount++;
        onRow(read);
      },
    });
    if (parsed.problems.length > 0) return null;
    headers = parsed.headers;
    delimiter = parsed.delimiter;
    parsedChars += slice.text.length;
    await between(parsedChars, decoded.text.length);
  }
  return checkTrackingFile(fileName, decoded.warnings, headers, delimiter ?? ",", [], rowCount);
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
  delimiter: string,
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
      fix: 'Use the CSV template from "Download CSV template", or name the column with the tracking numbers "Tracking Number".',
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
