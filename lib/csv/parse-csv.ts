import Papa from "papaparse";
import { clipValue, type FileProblem } from "./file-problem";

/** A data row: its cells (always strings), the row number a spreadsheet shows and the text line it starts on. */
export type CsvRow = {
  /** Row number as a spreadsheet shows it; the header row is row 1. */
  row: number;
  /** 1-based line of the text where the row starts (differs from `row` when cells hold line breaks). */
  line: number;
  cells: string[];
};

export type CsvDelimiter = "," | ";" | "\t" | "|";

export type ParsedCsv = {
  headers: string[];
  /** Empty when the caller streamed the rows through `onRow`. */
  rows: CsvRow[];
  rowCount: number;
  delimiter: CsvDelimiter;
  problems: FileProblem[];
};

export type ParseCsvOptions = {
  /** Skip detection, for formats that fix the delimiter. */
  delimiter?: CsvDelimiter;
  /**
   * Receives each data row as it is parsed instead of collecting them, so a 250,000-row file never
   * exists as 250,000 arrays of cells at once.
   */
  onRow?: (row: CsvRow, headers: string[]) => void;
  /** Stop after this many data rows (for previews of a file's shape). */
  maxRows?: number;
};

const DELIMITERS: CsvDelimiter[] = [",", ";", "\t", "|"];
const DELIMITER_NAMES: Record<CsvDelimiter, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar" };

/**
 * The delimiter of the first record (the header), counted outside quotes: comma, semicolon (what
 * Excel writes in locales that use a decimal comma), tab (Excel's "Unicode text") or vertical bar.
 * Looking only at the header keeps data such as "12,50" in a semicolon file from misleading it.
 */
function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>();
  let inQuotes = false;
  for (let i = 0; i < text.length && i < 65536; i++) {
    const char = text[i];
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (char === "\n" || char === "\r")) {
      if (counts.size > 0) break;
    } else if (!inQuotes && (DELIMITERS as string[]).includes(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: CsvDelimiter = ",";
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = counts.get(delimiter) ?? 0;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

function countLineBreaks(cells: string[], newline: string): number {
  const mark = newline === "\r" ? "\r" : "\n";
  let breaks = 0;
  for (const cell of cells) {
    if (cell.length === 0 || !cell.includes(mark)) continue;
    for (let index = cell.indexOf(mark); index !== -1; index = cell.indexOf(mark, index + 1)) breaks++;
  }
  return breaks;
}

function isBlank(cells: string[]): boolean {
  for (const cell of cells) if (cell.trim() !== "") return false;
  return true;
}

/**
 * Parses CSV text into a trimmed header row and data rows that keep every cell as a string (never
 * typed: typing turns tracking numbers and backer ids into mangled numbers). Detects the delimiter,
 * honours Excel's `sep=;` first line, skips blank rows (spreadsheets leave trailing ones), and reports
 * unbalanced quotes and rows with too many or too few cells with their row numbers. A row with too
 * few cells is padded with empty cells and reported as a warning (some tools omit trailing empty
 * cells); too many non-empty cells is an error because the columns no longer line up. The text may
 * come in pieces (see `decodeTextFileInPieces`); the result is the same as for the joined text.
 */
export function parseCsv(text: string | Iterable<string>, fileName: string, options: ParseCsvOptions = {}): ParsedCsv {
  let parsed: ParsedCsv | null = null;
  runParse(text, fileName, options, null, (result) => (parsed = result));
  // Papa parses a string synchronously and calls `complete` before returning when nothing pauses it.
  if (parsed === null) throw new Error("parseCsv: the parser did not finish");
  return parsed;
}

/**
 * `parseCsv` for a consumer that needs to wait between rows: when `onRow` returns a promise, parsing
 * pauses until it settles (and stops with its error if it rejects). A large import writes what it
 * has planned while the rest of the file waits, instead of planning the whole file first.
 */
export function parseCsvAsync(
  text: string | Iterable<string>,
  fileName: string,
  options: Omit<ParseCsvOptions, "onRow"> & { onRow: (row: CsvRow, headers: string[]) => void | Promise<void> },
): Promise<ParsedCsv> {
  return new Promise((resolve, reject) => runParse(text, fileName, options, reject, resolve));
}

/**
 * Characters read before parsing starts when the text comes in pieces: Papa guesses the line
 * breaks from the first 1 MiB and the delimiter is detected from the first 64 KiB, so a head this
 * long makes both guesses exactly those made on the whole text.
 */
const HEAD_CHARS = 1024 * 1024;

/** The parts of Papa's chunk streamer used to feed it pieces of text (papaparse 5 keeps them on the instance). */
type PapaChunkStreamer = {
  _finished: boolean;
  _nextChunk: () => void;
  parseChunk: (chunk: string) => void;
};

/**
 * Parses text that arrives in pieces (a large file decoded a slice at a time) with Papa's own chunk
 * streamer, which carries a row split between two pieces over to the next one and pauses and
 * resumes like a whole string, so the whole text never exists as one string. The stream ends with
 * an empty piece, as Papa's Node stream reader does, so the last row is parsed as complete.
 */
function parsePieces(first: string, rest: Iterator<string>, config: Papa.ParseConfig<string[]>): void {
  const StringStreamer = (Papa as unknown as { StringStreamer: new (config: Papa.ParseConfig<string[]>) => PapaChunkStreamer }).StringStreamer;
  const streamer = new StringStreamer(config);
  let head: string | null = first;
  streamer._nextChunk = () => {
    if (streamer._finished) return;
    if (head !== null) {
      const chunk = head;
      head = null;
      return streamer.parseChunk(chunk);
    }
    const next = rest.next();
    if (next.done) {
      streamer._finished = true;
      return streamer.parseChunk("");
    }
    return streamer.parseChunk(next.value);
  };
  streamer._nextChunk();
}

function runParse(
  text: string | Iterable<string>,
  fileName: string,
  options: Omit<ParseCsvOptions, "onRow"> & { onRow?: (row: CsvRow, headers: string[]) => void | Promise<void> },
  fail: ((error: unknown) => void) | null,
  done: (parsed: ParsedCsv) => void,
): void {
  const problems: FileProblem[] = [];
  let rest: Iterator<string> | null = null;
  let body: string;
  if (typeof text === "string") body = text;
  else {
    rest = text[Symbol.iterator]();
    body = "";
    while (body.length < HEAD_CHARS) {
      const next = rest.next();
      if (next.done) {
        rest = null;
        break;
      }
      body += next.value;
    }
  }
  let delimiter = options.delimiter;
  let lineOffset = 0;
  const sepHint = /^sep=([,;\t|])\r?\n/.exec(body);
  if (sepHint) {
    delimiter ??= sepHint[1] as CsvDelimiter;
    body = body.slice(sepHint[0].length);
    lineOffset = 1;
  }
  delimiter ??= detectDelimiter(body);

  let headers: string[] | null = null;
  const rows: CsvRow[] = [];
  let rowCount = 0;
  let recordNumber = 0;
  let nextLine = 1 + lineOffset;
  let tooFew = 0;
  let tooMany = 0;
  const reportLimit = 20;
  let newline = "\n";

  const config: Papa.ParseConfig<string[]> = {
    delimiter,
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
    step(result, parser) {
      const cells = result.data;
      newline = result.meta.linebreak || newline;
      recordNumber++;
      const line = nextLine;
      nextLine += 1 + countLineBreaks(cells, newline);

      for (const error of result.errors) {
        if (error.code === "MissingQuotes") {
          problems.push({
            file: fileName,
            row: recordNumber,
            message: `A quoted cell that starts in row ${recordNumber} (line ${line}) is never closed, so the rest of the file was read as one cell.`,
            fix: 'Find the cell with an opening " and no closing " and fix it, or export the file again from the spreadsheet.',
            severity: "error",
          });
        } else if (error.code === "InvalidQuotes") {
          problems.push({
            file: fileName,
            row: recordNumber,
            message: `Row ${recordNumber} (line ${line}) has a quote character in the wrong place (text after a closing ").`,
            fix: 'Inside a quoted cell, write a quote as two quotes (""), or export the file again from the spreadsheet.',
            severity: "error",
          });
        }
      }

      if (headers === null) {
        if (isBlank(cells)) return;
        headers = cells.map((cell, index) => cell.replace(/^\uFEFF/, "").trim() || `Column ${index + 1}`);
        const seen = new Map<string, number>();
        headers.forEach((header, index) => {
          const first = seen.get(header);
          if (first === undefined) seen.set(header, index);
          else
            problems.push({
              file: fileName,
              row: recordNumber,
              column: header,
              message: `The column "${header}" appears twice (columns ${first + 1} and ${index + 1}); only the first is read.`,
              fix: "Rename or delete one of the two columns.",
              severity: "warning",
            });
        });
        return;
      }

      if (isBlank(cells)) return;
      const quoteTrouble = result.errors.length > 0;
      if (cells.length < headers.length) {
        if (!quoteTrouble && tooFew++ < reportLimit)
          problems.push({
            file: fileName,
            row: recordNumber,
            message: `Row ${recordNumber} has ${cells.length} cells but the header has ${headers.length}; the missing cells are read as empty.`,
            fix: "Check that no cells were lost in this row.",
            severity: "warning",
          });
        while (cells.length < headers.length) cells.push("");
      } else if (cells.length > headers.length) {
        const extra = cells.slice(headers.length);
        if (!isBlank(extra)) {
          if (tooMany++ < reportLimit)
            problems.push({
              file: fileName,
              row: recordNumber,
              value: clipValue(extra.join(delimiter)),
              message: `Row ${recordNumber} has ${cells.length} cells but the header has ${headers.length}, so its columns do not line up.`,
              fix: `Look for an unquoted ${DELIMITER_NAMES[delimiter!]} inside a cell in this row; put such cells in double quotes or export the file again.`,
              severity: "error",
            });
        }
        cells.length = headers.length;
      }

      rowCount++;
      const row: CsvRow = { row: recordNumber, line, cells };
      if (options.onRow) {
        const waiting = options.onRow(row, headers);
        // The synchronous parseCsv ignores what onRow returns (callers pass arrow functions that return values).
        if (fail !== null && waiting instanceof Promise) {
          parser.pause();
          waiting.then(() => parser.resume(), fail);
        }
      } else rows.push(row);
      if (options.maxRows !== undefined && rowCount >= options.maxRows) parser.abort();
    },
    complete: finish,
  };
  if (rest === null) Papa.parse<string[]>(body, config);
  // Papa.parse drops a byte-order mark from the start of a string; do the same for the first piece.
  else parsePieces(body.replace(/^\uFEFF/, ""), rest, config);

  function finish() {
    const summarize = (count: number, what: string, severity: "error" | "warning") => {
      if (count > reportLimit)
        problems.push({
          file: fileName,
          message: `${count - reportLimit} more rows ${what} (only the first ${reportLimit} are listed).`,
          fix: "Fix the rows listed above; the others are probably the same mistake.",
          severity,
        });
    };
    summarize(tooFew, "have too few cells", "warning");
    summarize(tooMany, "have too many cells", "error");

    if (headers === null) {
      problems.push({
        file: fileName,
        message: `${fileName} has no header row.`,
        fix: "The first row must hold the column names.",
        severity: "error",
      });
    }
    done({ headers: headers ?? [], rows, rowCount, delimiter: delimiter!, problems });
  }
}

/** A delimiter as a word, for messages ("semicolon"). */
export function describeDelimiter(delimiter: CsvDelimiter): string {
  return DELIMITER_NAMES[delimiter];
}
