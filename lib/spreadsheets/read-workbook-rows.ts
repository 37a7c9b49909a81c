import type { CsvRow } from "@/lib/csv/parse-csv";
import { clipValue, formatByteSize, type FileProblem } from "@/lib/csv/file-problem";
import {
  classifyNumberFormat,
  columnLetters,
  formatDateSerial,
  formatGeneralNumber,
  isLongNumber,
  unescapeOoxmlText,
  type CellFormat,
} from "./format-cell-text";
import { identifySpreadsheet } from "./identify-spreadsheet";
import {
  createXmlScanner,
  decodeXmlText,
  localXmlName as localName,
  xmlAttribute,
  XmlDoctypeError,
  type XmlScanHandlers,
} from "./scan-xml";
import {
  inflateWorkbookPart,
  openWorkbookZip,
  WORKBOOK_CHUNK_BYTES,
  WorkbookPartDamaged,
  WorkbookPartTooLarge,
  type WorkbookPart,
} from "./open-workbook-zip";
import { SharedStringTable } from "./pack-shared-strings";

/** Limits on what a workbook may unpack to; each guards the server against a file built to exhaust it. */
export type WorkbookLimits = {
  /** The sheet that is read, unpacked (a 250,000-row tracking sheet is about 60 MB). */
  sheetBytes: number;
  /** The shared-strings part, unpacked: every distinct text of the workbook, held in memory while the sheet is read. */
  sharedStringsBytes: number;
  /** The styles part, unpacked (Excel's own are well under 1 MB). */
  stylesBytes: number;
  /** Any other part read (the workbook and its relationships). */
  otherPartBytes: number;
  /** Columns read; a value further right is refused. */
  columns: number;
};

export const DEFAULT_WORKBOOK_LIMITS: WorkbookLimits = {
  sheetBytes: 400 * 1024 * 1024,
  sharedStringsBytes: 64 * 1024 * 1024,
  stylesBytes: 16 * 1024 * 1024,
  otherPartBytes: 4 * 1024 * 1024,
  columns: 1024,
};

/** Excel's last row; a row numbered beyond it is not a real spreadsheet's. */
const MAX_ROW_NUMBER = 1_048_576;
/** Cell problems of one kind listed one by one before the rest are counted. */
const REPORT_LIMIT = 20;

export type ReadWorkbookOptions = {
  /** The sheet to read, by name; the first visible sheet when unset. */
  sheet?: string;
  /**
   * How the creator picks another sheet where the upload offers a choice (the tracking dialog's
   * "Sheet to read"); unset: they are told to move the sheet to the front.
   */
  otherSheetFix?: string;
  /**
   * Reports a number cell of 16 or more digits as an error (its later digits are gone). Readers
   * with their own check for such values (tracking numbers) turn this off and get the text
   * "9.40011189922386E+21", as a CSV saved by Excel would hold.
   */
  reportLongNumbers?: boolean;
  limits?: Partial<WorkbookLimits>;
};

export type WorkbookRows =
  | {
      ok: true;
      /** What problems call the sheet: "tracking.xlsx › Sheet1". */
      label: string;
      sheetName: string;
      /** Every worksheet, in the workbook's order. */
      sheetNames: string[];
      headers: string[];
      rowCount: number;
      problems: FileProblem[];
    }
  | { ok: false; problems: FileProblem[] };

/**
 * One step of the reader: the data rows parsed since the last step, with the header they belong
 * to, and the share of the sheet read so far (0 to 1).
 */
export type WorkbookRowBatch = { headers: string[]; rows: CsvRow[]; progress: number };

class WorkbookRefused extends Error {
  constructor(readonly problem: FileProblem) {
    super(problem.message);
  }
}

const SAVE_AGAIN =
  'Open it in Excel, Numbers or Google Sheets and save it again as "Excel Workbook (.xlsx)", or save or download it as "CSV UTF-8".';

/** "Sheet1!F12", or "'Early Birds'!F12" for a sheet name that needs quoting. */
export function cellPosition(sheetName: string, column: number, row: number): string {
  const sheet = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheetName) ? sheetName : `'${sheetName.replace(/'/g, "''")}'`;
  return `${sheet}!${columnLetters(column)}${row}`;
}

/**
 * Parses one XML part as it inflates, with no document type declarations (OOXML never has one;
 * an entity declaration in it is how "billion laughs" files exhaust parsers).
 */
function* parsePart(
  bytes: Uint8Array,
  fileName: string,
  part: WorkbookPart,
  maxBytes: number,
  handlers: XmlScanHandlers,
): Generator<void> {
  const scanner = createXmlScanner(handlers);
  const decode = utf8ChunkDecoder();
  try {
    yield* inflateWorkbookPart(bytes, part, maxBytes, (chunk) => scanner.write(decode(chunk)));
    scanner.write(decode(null));
    scanner.close();
  } catch (error) {
    if (error instanceof WorkbookRefused) throw error;
    if (error instanceof XmlDoctypeError) {
      throw new WorkbookRefused({
        file: fileName,
        message: `${fileName} contains an XML document type declaration (in ${part.path}). Spreadsheet applications never write one, and it is how files built to exhaust a server ("XML entity expansion") begin, so the file was not read.`,
        fix: SAVE_AGAIN,
        severity: "error",
      });
    }
    if (error instanceof WorkbookPartTooLarge) {
      throw new WorkbookRefused({
        file: fileName,
        message: error.lied
          ? `${fileName} is damaged: ${part.path} unpacks to more than the ${formatByteSize(part.size)} it declares, which is how ZIP bombs work. Nothing was read.`
          : `${fileName} holds ${describePart(part.path)} of more than ${formatByteSize(maxBytes)} once unpacked; at most ${formatByteSize(maxBytes)} is accepted.`,
        fix: error.lied ? SAVE_AGAIN : "Copy the rows you need into a new workbook, or save the sheet as CSV.",
        severity: "error",
      });
    }
    const detail = error instanceof WorkbookPartDamaged ? error.message : `${part.path} is not well-formed XML`;
    throw new WorkbookRefused({
      file: fileName,
      message: `${fileName} is damaged and cannot be read (${detail}).`,
      fix: SAVE_AGAIN,
      severity: "error",
    });
  }
}

/**
 * Decodes UTF-8 arriving in chunks, carrying a character split between two chunks over to the
 * next. Buffer's decoder rather than a streaming TextDecoder, which takes a much slower path in Node.
 */
function utf8ChunkDecoder(): (chunk: Uint8Array | null) => string {
  let carry: Buffer | null = null;
  return (chunk) => {
    if (chunk === null) return carry === null ? "" : carry.toString("utf8");
    let buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (carry !== null) {
      buffer = Buffer.concat([carry, buffer]);
      carry = null;
    }
    // Back up over an incomplete multi-byte sequence at the end (at most three bytes).
    let end = buffer.length;
    for (let back = 1; back <= 3 && back <= buffer.length; back++) {
      const byte = buffer[buffer.length - back];
      if ((byte & 0xc0) === 0x80) continue;
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      if (needed > back) end = buffer.length - back;
      break;
    }
    if (end < buffer.length) carry = Buffer.from(buffer.subarray(end));
    return buffer.toString("utf8", 0, end);
  };
}

const ignoreText = () => {};
const ignoreClose = () => {};

function describePart(path: string): string {
  if (/sharedstrings/i.test(path)) return `a shared-strings part (${path})`;
  if (/styles/i.test(path)) return `a styles part (${path})`;
  if (/worksheets\//i.test(path)) return `a sheet (${path})`;
  return `a part (${path})`;
}

/** The column number of a cell reference ("F12" → 6), or 0 when it is not one. */
function columnOfReference(reference: string): number {
  let column = 0;
  for (let i = 0; i < reference.length; i++) {
    const c = reference.charCodeAt(i);
    if (c >= 65 && c <= 90) column = column * 26 + (c - 64);
    else if (c >= 97 && c <= 122) column = column * 26 + (c - 96);
    else if (c === 36 /* $ */) continue;
    else return i > 0 ? column : 0;
  }
  return 0;
}

/** Runs a generator that only yields to pause, to its end. */
function drain<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

type SheetEntry = { name: string; target: string | null; hidden: boolean };

/** Sheets in the workbook's order, with the part each is stored in, and the date system. */
function readWorkbookStructure(bytes: Uint8Array, fileName: string, parts: Map<string, WorkbookPart>, limit: number) {
  const sheets: { name: string; relationship: string; hidden: boolean }[] = [];
  let date1904 = false;
  drain(
    parsePart(bytes, fileName, parts.get("xl/workbook.xml")!, limit, {
      open(tag, attributes) {
        const name = localName(tag);
        if (name === "workbookPr") {
          const value = xmlAttribute(attributes, "date1904");
          date1904 = value === "1" || value === "true";
        }
        if (name === "sheet") {
          // The relationship id is r:id (the prefix varies with the namespace declarations).
          const relationship = /(?:^|\s)[A-Za-z0-9_.-]+:id\s*=\s*["']([^"']*)["']/.exec(attributes)?.[1] ?? "";
          const state = xmlAttribute(attributes, "state") ?? "visible";
          sheets.push({
            name: xmlAttribute(attributes, "name") ?? `Sheet${sheets.length + 1}`,
            relationship,
            hidden: state !== "visible",
          });
        }
      },
      close: ignoreClose,
      text: ignoreText,
    }),
  );
  const targets = new Map<string, { target: string; type: string }>();
  const rels = parts.get("xl/_rels/workbook.xml.rels");
  if (rels) {
    drain(
      parsePart(bytes, fileName, rels, limit, {
        open(tag, attributes) {
          if (localName(tag) !== "Relationship") return;
          const target = xmlAttribute(attributes, "Target") ?? "";
          // Targets are relative to xl/ ("worksheets/sheet1.xml") or absolute ("/xl/worksheets/sheet1.xml").
          const path = (target.startsWith("/") ? target.slice(1) : `xl/${target}`)
            .replace(/\/\.\//g, "/")
            .toLowerCase();
          targets.set(xmlAttribute(attributes, "Id") ?? "", {
            target: path,
            type: xmlAttribute(attributes, "Type") ?? "",
          });
        },
        close: ignoreClose,
        text: ignoreText,
      }),
    );
  }
  const byType = (suffix: string, fallback: string) =>
    [...targets.values()].find((rel) => rel.type.endsWith(suffix))?.target ?? fallback;
  const entries: SheetEntry[] = sheets.map((sheet, index) => {
    const rel = targets.get(sheet.relationship);
    const isChart = rel?.type.endsWith("/chartsheet") ?? false;
    return {
      name: sheet.name,
      target: isChart ? null : (rel?.target ?? `xl/worksheets/sheet${index + 1}.xml`),
      hidden: sheet.hidden,
    };
  });
  return {
    sheets: entries,
    date1904,
    sharedStrings: byType("/sharedStrings", "xl/sharedstrings.xml"),
    styles: byType("/styles", "xl/styles.xml"),
  };
}

/** The number format of every cell style (`s` attribute) of the workbook. */
function readCellFormats(
  bytes: Uint8Array,
  fileName: string,
  part: WorkbookPart | undefined,
  limit: number,
): CellFormat[] {
  if (!part) return [];
  const codes = new Map<number, string>();
  const formatIds: number[] = [];
  let inCellXfs = false;
  drain(
    parsePart(bytes, fileName, part, limit, {
      open(tag, attributes) {
        const name = localName(tag);
        if (name === "numFmt")
          codes.set(Number(xmlAttribute(attributes, "numFmtId")), xmlAttribute(attributes, "formatCode") ?? "");
        else if (name === "cellXfs") inCellXfs = true;
        else if (name === "xf" && inCellXfs) formatIds.push(Number(xmlAttribute(attributes, "numFmtId") ?? 0));
      },
      close(tag) {
        if (localName(tag) === "cellXfs") inCellXfs = false;
      },
      text: ignoreText,
    }),
  );
  return formatIds.map((id) => classifyNumberFormat(id, codes.get(id)));
}

/** Every shared string, as plain text (rich-text runs joined; phonetic guides left out). */
function* readSharedStrings(
  bytes: Uint8Array,
  fileName: string,
  part: WorkbookPart | undefined,
  limit: number,
  into: SharedStringTable,
): Generator<void> {
  if (!part) return;
  let text: string[] = [];
  let inT = false;
  let phonetic = 0;
  yield* parsePart(bytes, fileName, part, limit, {
    open(tag) {
      const name = localName(tag);
      if (name === "si") text = [];
      else if (name === "t") inT = phonetic === 0;
      else if (name === "rPh") phonetic++;
    },
    text(chunk) {
      if (inT) text.push(chunk);
    },
    close(tag) {
      const name = localName(tag);
      if (name === "t") inT = false;
      else if (name === "rPh") phonetic--;
      else if (name === "si") into.push(unescapeOoxmlText(decodeXmlText(text.join(""))));
    },
  });
  into.seal();
}

/**
 * Reads one sheet of an Excel workbook (.xlsx, as Excel, Numbers, Google Sheets and LibreOffice
 * save it) as the rows the CSV readers produce: a header row and data rows of text, numbered as the
 * spreadsheet numbers them. Cells read as the person sees them: text stays text (a number typed
 * into a Text column included), a date cell becomes "2026-03-04" (with the time when it has one),
 * a formula gives its saved result (flagged when there is none), a number gives up to 15
 * significant digits. Streams: the sheet is inflated and parsed a chunk at a time and yields
 * after each chunk with the rows parsed so far; only the shared strings are held whole, packed
 * (see SharedStringTable). Refuses with a specific problem, before any row is handed on:
 * encrypted and macro-enabled workbooks, other formats (.xls, .xlsb, .ods, Numbers, CSV or PDF
 * renamed), ZIP bombs, oversized parts, XML with a document type declaration, columns beyond the limit.
 */
export function* readWorkbookRowBatches(
  bytes: Uint8Array,
  fileName: string,
  options: ReadWorkbookOptions = {},
): Generator<WorkbookRowBatch, WorkbookRows> {
  const limits = { ...DEFAULT_WORKBOOK_LIMITS, ...options.limits };
  const reportLongNumbers = options.reportLongNumbers ?? true;
  try {
    const kind = identifySpreadsheet(bytes, fileName);
    if (kind.kind === "refused") return { ok: false, problems: [kind.problem] };
    if (kind.kind !== "xlsx") {
      return {
        ok: false,
        problems: [
          {
            file: fileName,
            message: `${fileName} is not an Excel workbook.`,
            fix: "Upload the .xlsx file or a CSV file.",
            severity: "error",
          },
        ],
      };
    }
    const zip = openWorkbookZip(bytes);
    if (!zip.ok)
      return {
        ok: false,
        problems: [
          {
            file: fileName,
            message: `${fileName} is damaged and cannot be read (${zip.reason}).`,
            fix: SAVE_AGAIN,
            severity: "error",
          },
        ],
      };
    const { parts } = zip;

    const structure = readWorkbookStructure(bytes, fileName, parts, limits.otherPartBytes);
    const sheetNames = structure.sheets.map((sheet) => sheet.name);
    const readable = structure.sheets.filter((sheet) => sheet.target !== null && parts.has(sheet.target));
    const chosen =
      options.sheet === undefined
        ? (readable.find((sheet) => !sheet.hidden) ?? readable[0])
        : readable.find((sheet) => sheet.name === options.sheet);
    if (!chosen) {
      return {
        ok: false,
        problems: [
          options.sheet === undefined
            ? {
                file: fileName,
                message: `${fileName} is an Excel workbook without a sheet that holds cells.`,
                fix: 'Check that you picked the right file; or open it in Excel and save or download the sheet as "CSV UTF-8".',
                severity: "error",
              }
            : {
                file: fileName,
                message: `${fileName} has no sheet named "${clipValue(options.sheet)}" (its sheets are ${sheetNames.map((name) => `"${name}"`).join(", ")}).`,
                fix: "Choose one of its sheets.",
                severity: "error",
              },
        ],
      };
    }
    const sheetPart = parts.get(chosen.target!)!;
    const sharedPart = parts.get(structure.sharedStrings);
    const stylesPart = parts.get(structure.styles);
    // Refuse from the table of contents before inflating anything; parts that lie about their
    // size are stopped while inflating.
    for (const [part, limit] of [
      [sharedPart, limits.sharedStringsBytes],
      [stylesPart, limits.stylesBytes],
      [sheetPart, limits.sheetBytes],
    ] as const) {
      if (part && part.size > limit) {
        return {
          ok: false,
          problems: [
            {
              file: fileName,
              message: `${fileName} holds ${describePart(part.path)} of ${formatByteSize(part.size)} once unpacked; at most ${formatByteSize(limit)} is accepted.`,
              fix: "Copy the rows you need into a new workbook (Paste Special › Values), or save the sheet as CSV.",
              severity: "error",
            },
          ],
        };
      }
    }

    const formats = readCellFormats(bytes, fileName, stylesPart, limits.stylesBytes);
    const shared = new SharedStringTable();
    const sharing = readSharedStrings(bytes, fileName, sharedPart, limits.sharedStringsBytes, shared);
    while (!sharing.next().done) yield { headers: [], rows: [], progress: 0 };

    const sheetName = chosen.name;
    const label = `${fileName} › ${sheetName}`;
    const problems: FileProblem[] = [];
    // A sheet the creator chose needs no reminder that the others were left alone.
    if (readable.length > 1 && options.sheet === undefined) {
      problems.push({
        file: label,
        message: `${fileName} has ${readable.length} sheets (${sheetNames.map((name) => `"${name}"`).join(", ")}); only "${sheetName}" was read.`,
        fix:
          options.otherSheetFix ??
          "If the rows are on another sheet, move that sheet to the front, or save it alone as a workbook or CSV.",
        severity: "warning",
      });
    }

    let headers: string[] | null = null;
    let rowCount = 0;
    let pending: CsvRow[] = [];
    const counts = { longNumbers: 0, noResult: 0, beyondHeader: 0 };
    const cellProblem = (kind: keyof typeof counts, problem: FileProblem) => {
      if (counts[kind]++ < REPORT_LIMIT) problems.push(problem);
    };

    // The row and cell being parsed.
    let rowNumber = 0;
    let cells: string[] = [];
    let column = 0;
    let cellType = "n";
    let cellStyle = 0;
    let value: string[] = [];
    let inValue = false;
    let inInlineText = false;
    let phonetic = 0;
    let formula: string[] | null = null;
    let inFormula = false;
    const date1904 = structure.date1904;
    const general: CellFormat = { kind: "general" };

    const cellText = (): string => {
      const raw = value.length === 1 ? value[0] : value.join("");
      if (formula !== null && value.length === 0 && cellType !== "inlineStr") {
        cellProblem("noResult", {
          file: label,
          row: rowNumber,
          column: headers?.[column - 1],
          value: clipValue(`=${decodeXmlText(formula.join(""))}`),
          message: `${cellPosition(sheetName, column, rowNumber)} holds a formula with no saved result, so its value is unknown and is read as empty.`,
          fix: "Open the workbook in Excel and save it again (Excel saves every formula's result), or replace the formulas with their values (Paste Special › Values).",
          severity: "warning",
        });
        return "";
      }
      switch (cellType) {
        case "s":
          return shared.get(Number(raw)) ?? "";
        case "inlineStr":
        case "str":
          return unescapeOoxmlText(decodeXmlText(raw));
        case "b":
          return raw === "1" ? "TRUE" : "FALSE";
        case "e":
          return decodeXmlText(raw);
        case "d": {
          // ISO 8601 date cells (Excel's strict format, rare): keep the date, and the time when it has one.
          const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2})?)?/.exec(raw);
          if (!match) return decodeXmlText(raw);
          return match[2] && match[2] !== "00:00"
            ? `${match[1]} ${match[2]}${match[3] && match[3] !== ":00" ? match[3] : ""}`
            : match[1];
        }
        default: {
          if (raw === "" || raw.trim() === "") return "";
          const number = Number(raw);
          if (!Number.isFinite(number)) return decodeXmlText(raw);
          const format = formats[cellStyle] ?? general;
          if (format.kind === "date") return formatDateSerial(number, format, date1904);
          const text = formatGeneralNumber(number);
          if (reportLongNumbers && isLongNumber(number)) {
            cellProblem("longNumbers", {
              file: label,
              row: rowNumber,
              column: headers?.[column - 1],
              value: text,
              message: `${cellPosition(sheetName, column, rowNumber)} holds the number ${text}: a spreadsheet keeps only 15 digits of a number, so the digits after the 15th are lost.`,
              fix: "Format the column as Text (Excel: Format Cells › Text) and paste the original values again.",
              severity: "error",
            });
          }
          return text;
        }
      }
    };

    const isBlankCell = (cell: string | undefined) => cell === undefined || cell === "" || cell.trim() === "";

    const finishRow = () => {
      let last = cells.length - 1;
      while (last >= 0 && isBlankCell(cells[last])) last--;
      if (last < 0) return;
      cells.length = last + 1;
      if (headers === null) {
        const found: string[] = [];
        for (let index = 0; index < cells.length; index++)
          found.push((cells[index] ?? "").trim() || `Column ${index + 1}`);
        headers = found;
        const seen = new Map<string, number>();
        found.forEach((header, index) => {
          const first = seen.get(header);
          if (first === undefined) seen.set(header, index);
          else
            problems.push({
              file: label,
              row: rowNumber,
              column: header,
              message: `The column "${header}" appears twice (columns ${columnLetters(first + 1)} and ${columnLetters(index + 1)} of ${sheetName}); only the first is read.`,
              fix: "Rename or delete one of the two columns.",
              severity: "warning",
            });
        });
        return;
      }
      const width = headers.length;
      const row: string[] = new Array<string>(width);
      for (let index = 0; index < width; index++) row[index] = cells[index] ?? "";
      for (let index = width; index < cells.length; index++) {
        if (isBlankCell(cells[index])) continue;
        cellProblem("beyondHeader", {
          file: label,
          row: rowNumber,
          value: clipValue(cells[index]),
          message: `${cellPosition(sheetName, index + 1, rowNumber)} has a value but its column has no header, so it is not read.`,
          fix: "Give the column a header in row 1, or delete the value.",
          severity: "warning",
        });
        break;
      }
      rowCount++;
      pending.push({ row: rowNumber, line: rowNumber, cells: row });
    };

    const parseSheet = parsePart(bytes, fileName, sheetPart, limits.sheetBytes, {
      open(tag, attributes) {
        switch (localName(tag)) {
          case "c": {
            const reference = xmlAttribute(attributes, "r");
            const at = reference === undefined ? 0 : columnOfReference(reference);
            column = at > 0 ? at : column + 1;
            cellType = xmlAttribute(attributes, "t") ?? "n";
            const style = xmlAttribute(attributes, "s");
            cellStyle = style === undefined ? 0 : Number(style);
            value = [];
            formula = null;
            break;
          }
          case "v":
            inValue = true;
            break;
          case "row": {
            const number = Number(xmlAttribute(attributes, "r"));
            rowNumber = Number.isInteger(number) && number > 0 ? number : rowNumber + 1;
            if (rowNumber > MAX_ROW_NUMBER) {
              throw new WorkbookRefused({
                file: label,
                message: `${label} has a row numbered ${rowNumber.toLocaleString("en-US")}; a spreadsheet has at most ${MAX_ROW_NUMBER.toLocaleString("en-US")} rows, so the file was not written by one.`,
                fix: SAVE_AGAIN,
                severity: "error",
              });
            }
            cells = [];
            column = 0;
            break;
          }
          case "f":
            formula = [];
            inFormula = true;
            break;
          case "t":
            inInlineText = phonetic === 0;
            break;
          case "rPh":
            phonetic++;
            break;
        }
      },
      text(text) {
        if (inValue || inInlineText) value.push(text);
        else if (inFormula && formula !== null && formula.length < 8) formula.push(text);
      },
      close(tag) {
        switch (localName(tag)) {
          case "v":
            inValue = false;
            break;
          case "c": {
            const text = cellText();
            if (text === "") break;
            if (column > limits.columns) {
              throw new WorkbookRefused({
                file: label,
                row: rowNumber,
                message: `${cellPosition(sheetName, column, rowNumber)} has a value in column ${column.toLocaleString("en-US")}; at most ${limits.columns.toLocaleString("en-US")} columns are read.`,
                fix: "Delete the columns you do not need (select them, right-click › Delete), save, and upload again.",
                severity: "error",
              });
            }
            cells[column - 1] = text;
            break;
          }
          case "row":
            finishRow();
            break;
          case "f":
            inFormula = false;
            break;
          case "t":
            inInlineText = false;
            break;
          case "rPh":
            phonetic--;
            break;
        }
      },
    });
    let chunks = 0;
    while (!parseSheet.next().done) {
      chunks++;
      if (pending.length === 0) continue;
      yield {
        headers: headers ?? [],
        rows: pending,
        progress: Math.min(1, (chunks * WORKBOOK_CHUNK_BYTES) / Math.max(1, sheetPart.compressedSize)),
      };
      pending = [];
    }
    if (pending.length > 0) yield { headers: headers ?? [], rows: pending, progress: 1 };

    for (const [kind, what] of [
      ["longNumbers", "more number cells lost digits"],
      ["noResult", "more formula cells have no saved result"],
    ] as const) {
      if (counts[kind] > REPORT_LIMIT) {
        problems.push({
          file: label,
          message: `${counts[kind] - REPORT_LIMIT} ${what} (only the first ${REPORT_LIMIT} are listed).`,
          fix: "Fix the cells listed above; the others are probably the same.",
          severity: kind === "longNumbers" ? "error" : "warning",
        });
      }
    }
    if (headers === null) {
      return {
        ok: false,
        problems: [
          ...problems,
          {
            file: label,
            message: `${label} is empty.`,
            fix: "Check that you picked the right file and sheet.",
            severity: "error",
          },
        ],
      };
    }
    return { ok: true, label, sheetName, sheetNames, headers, rowCount, problems };
  } catch (error) {
    if (error instanceof WorkbookRefused) return { ok: false, problems: [error.problem] };
    throw error;
  }
}

/**
 * What problems will call the sheet `readWorkbookRows` reads ("tracking.xlsx › Sheet1"), from the
 * workbook's small table of sheets alone; the file name when that cannot be read (the reader then
 * says why).
 */
export function workbookSheetLabel(bytes: Uint8Array, fileName: string, sheet?: string): string {
  const sheets = listWorkbookSheets(bytes, fileName, sheet);
  return sheets?.read ? `${fileName} › ${sheets.read}` : fileName;
}

/**
 * The sheets holding cells, in the workbook's order, and the one `readWorkbookRows` reads with
 * `sheet` (null when no sheet has that name), from the workbook's small table of sheets alone; null
 * when that cannot be read (the reader then says why). An upload offers the choice from this.
 */
export function listWorkbookSheets(
  bytes: Uint8Array,
  fileName: string,
  sheet?: string,
): { names: string[]; read: string | null } | null {
  try {
    const zip = openWorkbookZip(bytes);
    if (!zip.ok || !zip.parts.has("xl/workbook.xml")) return null;
    const structure = readWorkbookStructure(bytes, fileName, zip.parts, DEFAULT_WORKBOOK_LIMITS.otherPartBytes);
    const readable = structure.sheets.filter((entry) => entry.target !== null && zip.parts.has(entry.target));
    const chosen =
      sheet === undefined
        ? (readable.find((entry) => !entry.hidden) ?? readable[0])
        : readable.find((entry) => entry.name === sheet);
    return { names: readable.map((entry) => entry.name), read: chosen?.name ?? null };
  } catch {
    return null;
  }
}

/** `readWorkbookRowBatches` to its end, handing every data row to `onRow`. */
export function readWorkbookRows(
  bytes: Uint8Array,
  fileName: string,
  onRow: (row: CsvRow, headers: string[]) => void,
  options: ReadWorkbookOptions = {},
): WorkbookRows {
  const steps = readWorkbookRowBatches(bytes, fileName, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    for (const row of step.value.rows) onRow(row, step.value.headers);
  }
}
