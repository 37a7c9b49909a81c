import { decodeTextFile } from "@/lib/csv/decode-text-file";
import { formatByteSize, type FileProblem } from "@/lib/csv/file-problem";
import { parseCsv, type CsvRow } from "@/lib/csv/parse-csv";
import { identifySpreadsheet } from "./identify-spreadsheet";
import { readWorkbookRows } from "./read-workbook-rows";

export type SpreadsheetRows =
  | {
      ok: true;
      /** What problems call the rows' source: the file, or "list.xlsx › Sheet1". */
      label: string;
      /** The decoded text of a CSV; null for a workbook. */
      text: string | null;
      headers: string[];
      rows: CsvRow[];
      /** Warnings and errors of decoding and parsing (the caller decides what blocks). */
      problems: FileProblem[];
    }
  | { ok: false; problems: FileProblem[] };

/**
 * Reads a small upload (a code list, a contact list) whole: a CSV in any encoding Excel, Numbers or
 * Google Sheets write, or the first sheet of an Excel workbook, as a header and rows of text. For
 * files of hundreds of thousands of rows, stream with `readWorkbookRowBatches` and the CSV readers instead.
 */
export function readSpreadsheetRows(
  bytes: Uint8Array,
  fileName: string,
  options: { maxBytes: number },
): SpreadsheetRows {
  const kind = identifySpreadsheet(bytes, fileName);
  if (kind.kind === "refused") return { ok: false, problems: [kind.problem] };
  if (kind.kind === "xlsx") {
    if (bytes.length > options.maxBytes) {
      return {
        ok: false,
        problems: [
          {
            file: fileName,
            message: `${fileName} is ${formatByteSize(bytes.length)}; the limit is ${formatByteSize(options.maxBytes)}.`,
            fix: "Split it into smaller files.",
            severity: "error",
          },
        ],
      };
    }
    const rows: CsvRow[] = [];
    const book = readWorkbookRows(bytes, fileName, (row) => rows.push(row));
    if (!book.ok) return { ok: false, problems: book.problems };
    return { ok: true, label: book.label, text: null, headers: book.headers, rows, problems: book.problems };
  }
  const decoded = decodeTextFile(bytes, fileName, { maxBytes: options.maxBytes });
  if (!decoded.ok) return { ok: false, problems: [decoded.problem] };
  const parsed = parseCsv(decoded.text, fileName);
  return {
    ok: true,
    label: fileName,
    text: decoded.text,
    headers: parsed.headers,
    rows: parsed.rows,
    problems: [...decoded.warnings, ...parsed.problems],
  };
}
