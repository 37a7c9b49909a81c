import Papa from "papaparse";

export type CsvCell = string | number | boolean | Date | null | undefined;

/**
 * Cells a spreadsheet would run as a formula: = + - @ (and their full-width forms, which some
 * spreadsheets also accept), tab and carriage return. Papa's own `escapeFormulae: true` pattern ends
 * in `.*$` without the `s` flag, so it misses a formula followed by a line break; this one does not.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Prefixes a would-be formula with a single quote (OWASP's advice), so spreadsheets show it as text. */
export function escapeCsvFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function toCellText(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : cell.toISOString();
  // Numbers and booleans cannot carry a formula, and a negative number must stay a number.
  if (typeof cell === "number" || typeof cell === "boolean") return String(cell);
  return escapeCsvFormula(cell);
}

/**
 * Writes rows as CSV the way Excel, Numbers and Google Sheets all open correctly: a UTF-8 byte-order
 * mark (without it Excel reads UTF-8 as the local code page), CRLF line endings, double quotes
 * around cells that need them, and every text cell that could run as a formula escaped.
 * Returns a string; send it as `text/csv; charset=utf-8` (or encode it with TextEncoder).
 */
export function toCsv(headers: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const data = [headers.map((header) => escapeCsvFormula(header)), ...rows.map((row) => row.map(toCellText))];
  const body = Papa.unparse(data, {
    newline: "\r\n",
    delimiter: ",",
    quoteChar: '"',
    // Cells were escaped above; Papa's escaping would quote-prefix numbers' text again.
    escapeFormulae: false,
    // Quote cells with a leading or trailing space or a quote; Papa also quotes delimiters and line breaks.
    quotes: false,
  });
  return `\uFEFF${body}\r\n`;
}

/** `toCsv` as the bytes to send or store. */
export function toCsvBytes(headers: readonly string[], rows: readonly (readonly CsvCell[])[]): Uint8Array {
  return new TextEncoder().encode(toCsv(headers, rows));
}
