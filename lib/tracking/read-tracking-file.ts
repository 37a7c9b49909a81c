import { decodeTextFile } from "@/lib/csv/decode-text-file";
import { parseCsv, type CsvRow } from "@/lib/csv/parse-csv";
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

  let columns: TrackingFileColumns | null = null;
  const rows: TrackingFileRow[] = [];
  const cell = (cells: string[], index: number | null) => (index === null ? "" : (cells[index] ?? ""));
  const parsed = parseCsv(decoded.text, fileName, {
    onRow(row, headers) {
      options.onCsvRow?.(row, headers);
      columns ??= findTrackingColumns(headers);
      if (columns.trackingNumber === null) return;
      rows.push({
        row: row.row,
        backerNumber: cell(row.cells, columns.backerNumber),
        email: cell(row.cells, columns.email),
        trackingNumber: cell(row.cells, columns.trackingNumber),
        carrier: cell(row.cells, columns.carrier),
        trackingUrl: cell(row.cells, columns.trackingUrl),
      });
    },
  });
  const found = findTrackingColumns(parsed.headers);
  const problems = [...decoded.warnings, ...parsed.problems];
  if (parsed.headers.length === 0) return { ok: false, fileName, problems };

  const missing: FileProblem[] = [];
  const seen = parsed.headers.slice(0, 8).map((h) => `"${h}"`).join(", ");
  const hint =
    parsed.headers.length === 1 && parsed.delimiter === ","
      ? " The whole header was read as one column: if the file uses another separator, save it again as CSV."
      : "";
  if (found.trackingNumber === null) {
    missing.push({
      file: fileName,
      row: 1,
      message: `${fileName} has no "Tracking Number" column (its columns are ${seen}${parsed.headers.length > 8 ? ", …" : ""}).${hint}`,
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
  if (rows.length === 0) {
    return {
      ok: false,
      fileName,
      problems: [
        ...problems,
        { file: fileName, message: `${fileName} has a header row but no data rows.`, fix: "Fill in the template's rows and upload it again.", severity: "error" },
      ],
    };
  }
  return { ok: true, fileName, headers: parsed.headers, columns: found, rows, problems };
}
