import { decodeTextFile } from "@/lib/csv/decode-text-file";
import { parseCsv } from "@/lib/csv/parse-csv";
import { identifySpreadsheet } from "@/lib/spreadsheets/identify-spreadsheet";
import { readSpreadsheetRows } from "@/lib/spreadsheets/read-spreadsheet-rows";
import { checkCodeEntries, splitCodeText, type CodeList, type RawCodeEntry } from "./parse-code-list";

/** A code file holds at most this many bytes (500,000 long codes fit easily). */
export const MAX_CODE_FILE_BYTES = 30 * 1024 * 1024;

// Header cells that name the code column; a first row of anything else is read as a code.
const CODE_HEADER =
  /^(unique\s+)?(access\s+)?(codes?|keys?|urls?|links?|values?|redemption\s+codes?|coupon\s+codes?|vouchers?)$/i;

/**
 * Reads an uploaded CSV or TXT of codes, one per row. TXT (and a CSV with a single column) is read
 * line by line, also accepting commas between codes. A CSV with several columns uses the column
 * headed "Code" (or "Codes", "URL", "Key"…); without one, every cell is a code. A first row that
 * is such a header is skipped; otherwise it is a code like any other. Problems name the file, the
 * row and, on a row of several codes, the entry.
 */
export function readCodeFile(bytes: Uint8Array, fileName: string): CodeList {
  if (identifySpreadsheet(bytes, fileName).kind !== "text") return readCodeWorkbook(bytes, fileName);
  const decoded = decodeTextFile(bytes, fileName, { maxBytes: MAX_CODE_FILE_BYTES });
  if (!decoded.ok) return failed([`${decoded.problem.message} ${decoded.problem.fix}`]);
  const text = decoded.text;

  const parsed = /\.csv$/i.test(fileName) ? parseCsv(text, fileName) : null;
  const headerIndex = parsed ? parsed.headers.findIndex((header) => CODE_HEADER.test(header.trim())) : -1;
  // Without a column headed "Code", several columns are codes separated by commas, as when pasted:
  // reading only the first column would silently drop the others.
  if (!parsed || parsed.headers.length <= 1 || headerIndex === -1) {
    const split = splitCodeText(text);
    // A lone header word on the first line ("Code") is a header, not a code.
    if (split.length > 0 && CODE_HEADER.test(split[0].value)) split.shift();
    const entries = split.map((entry): RawCodeEntry => ({
      value: unquote(entry.value),
      source: {
        row: "line" in entry.source ? entry.source.line : entry.source.row,
        file: fileName,
        entry: entry.source.entry,
        of: entry.source.of,
      },
    }));
    return finish(entries, fileName);
  }

  const errors = parsed.problems.filter((problem) => problem.severity === "error");
  if (errors.length > 0) {
    return failed(errors.slice(0, 10).map((problem) => `${problem.message} ${problem.fix}`));
  }
  const entries: RawCodeEntry[] = [];
  for (const row of parsed.rows)
    entries.push({ value: row.cells[headerIndex].trim(), source: { row: row.row, file: fileName, entry: 1, of: 1 } });
  return finish(entries, fileName);
}

/**
 * A code list saved as an Excel workbook: its first sheet, read like a CSV with a header (a first
 * cell that is not a header word is a code). A code Excel stored as a number of 16 or more digits
 * is refused: its last digits are gone.
 */
function readCodeWorkbook(bytes: Uint8Array, fileName: string): CodeList {
  const sheet = readSpreadsheetRows(bytes, fileName, { maxBytes: MAX_CODE_FILE_BYTES });
  const errors = sheet.problems.filter((problem) => problem.severity === "error");
  if (!sheet.ok || errors.length > 0) {
    return failed(errors.slice(0, 10).map((problem) => `${problem.message} ${problem.fix}`));
  }
  const headerIndex = sheet.headers.findIndex((header) => CODE_HEADER.test(header.trim()));
  const column = headerIndex === -1 ? 0 : headerIndex;
  const entries: RawCodeEntry[] = [];
  if (headerIndex === -1) entries.push({ value: sheet.headers[0].trim(), source: { row: 1, file: sheet.label, entry: 1, of: 1 } });
  for (const row of sheet.rows) entries.push({ value: (row.cells[column] ?? "").trim(), source: { row: row.row, file: sheet.label, entry: 1, of: 1 } });
  return finish(entries, sheet.label);
}

/** Spreadsheets quote some cells of a one-column CSV ("ABC-123"); the quotes are not part of the code. */
function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1).replaceAll('""', '"').trim()
    : value;
}

function failed(problems: string[]): CodeList {
  return { codes: [], problems, entryCount: 0, caseVariantProblems: [] };
}

function finish(entries: RawCodeEntry[], fileName: string): CodeList {
  if (entries.length === 0) return failed([`${fileName} holds no codes. Put one code on each row.`]);
  return checkCodeEntries(entries);
}
