import { FileProblemCollector } from "@/lib/csv/collect-file-problems";
import { decodeTextFile, decodeTextFileInPieces, DEFAULT_MAX_UPLOAD_BYTES } from "@/lib/csv/decode-text-file";
import { clipValue } from "@/lib/csv/file-problem";
import { parseCsv, parseCsvAsync, type CsvRow, type ParsedCsv } from "@/lib/csv/parse-csv";
import { createInflateBudget, type InflateBudget } from "@/lib/csv/inflate-budget";
import { DEFAULT_MAX_ZIP_TOTAL_BYTES, isZipArchive, readZipEntries, readZipEntriesAsync, type ReadZipEntriesOptions, type ReadZipEntriesResult } from "@/lib/csv/read-zip-entries";
import { identifySpreadsheet } from "@/lib/spreadsheets/identify-spreadsheet";
import { listWorkbookSheets, readWorkbookRowBatches, type WorkbookRows } from "@/lib/spreadsheets/read-workbook-rows";
import {
  BACKER_IMPORT_FIELD_LABELS,
  BACKER_IMPORT_FIELDS,
  type BackerFileFormat,
  type BackerImportField,
  type BackerImportRow,
  type BackerImportSource,
  type BackerImportSourceFile,
  type ColumnMapping,
  type ImportPledgeLevel,
  type WorkbookSheets,
} from "./backer-import-types";
import { describeMixedScriptEmail } from "./describe-mixed-script-email";
import { isValidEmail, normalizeEmail } from "./normalize-email";
import { parseImportTime } from "./parse-import-time";
import { parseMoney } from "./parse-money";
import { ACCEPTED_PLEDGE_STATUS_WORDS, parsePledgeStatus } from "./parse-pledge-status";
import { readItemColumn } from "./read-item-column";
import { headerKey, recognizeKickstarterHeaders } from "./recognize-kickstarter-headers";
import { recognizeOtherUpload } from "./recognize-other-upload";
import { resolveCountryCode } from "./resolve-country";
import { suggestColumnMapping } from "./suggest-column-mapping";

export type UploadedFile = { name: string; bytes: Uint8Array };

export type ReadBackerImportFilesOptions = {
  /** The project's currency (ISO 4217): amounts in another currency are refused. */
  currency: string;
  /** Read every file with this mapping instead of recognising Kickstarter's layouts. */
  mapping?: ColumnMapping;
  /** The sheet to read of each workbook, by uploaded file name; unset: its first visible sheet. */
  sheets?: WorkbookSheets;
  /**
   * The project's platform. Off Kickstarter, a file that is not a Kickstarter report is expected:
   * it goes to the column-mapping step without being called a problem.
   */
  platform?: string;
  /** Largest accepted file (each upload, and each CSV inside a ZIP). */
  maxFileBytes?: number;
  /** Largest total all the ZIPs of one upload may unpack to together. */
  maxZipBytes?: number;
  maxZipEntries?: number;
};

/** "Backer Report - Early Bird.csv" → "Early Bird": Kickstarter's ZIP names each CSV after its reward. */
export function rewardNameFromFileName(fileName: string): string {
  const base = (fileName.split("/").pop() ?? fileName).replace(/\.(csv|tsv|txt)$/i, "");
  const cleaned = base
    .replace(/^backer[ _-]?report[s]?\s*[-_–:]?\s*/i, "")
    .replace(/_/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned || base;
}

function parseYesNo(text: string): boolean | null {
  const value = text.trim().toLowerCase();
  if (value === "") return false;
  if (/^(yes|y|true|1|sent|fulfilled|shipped|delivered|complete|completed)$/.test(value)) return true;
  if (/^(no|n|false|0|not sent|unfulfilled|not fulfilled|pending|unshipped)$/.test(value)) return false;
  return null;
}

/**
 * Column names for a message: a file with tens of thousands of columns must not turn one problem
 * into a message of hundreds of kilobytes.
 */
function listColumns(headers: readonly string[], shown = 12): string {
  const listed = headers.slice(0, shown).map((header) => clipValue(header, 60)).join(", ");
  const more = headers.length - shown;
  return more > 0 ? `${listed} and ${more.toLocaleString("en-US")} more` : listed;
}

/** Longest cell accepted; longer ones are almost always a broken quote that swallowed the rest of the file. */
const MAX_CELL_LENGTH = 10_000;
/** Names and UIDs are indexed (a b-tree entry must stay under ~2,700 bytes, and a character can take four). */
const CELL_LIMITS: Partial<Record<BackerImportField, number>> = { name: 500, email: 320, platformUid: 200, backerNumber: 40 };

type FileContext = {
  source: number;
  display: string;
  /** Reward name when the file is one reward's CSV from a ZIP. */
  zipRewardName: string | null;
  format: BackerFileFormat;
};

/**
 * Reads uploaded backer files — Kickstarter backer report CSVs of any of its three layouts, the ZIP
 * with one CSV per reward, or another platform's file read through a column mapping — into
 * normalised rows, the pledge levels and items they mention, and every problem found (file, row,
 * column, value, fix). Pure: no database; the plan compares the result with the project.
 */
export function readBackerImportFiles(files: UploadedFile[], options: ReadBackerImportFilesOptions): BackerImportSource {
  const { source, problems, entries } = openBackerImportFiles(files, options);
  for (const entry of entries()) {
    const csv = openCsv(entry, source, problems, options, (row) => {
      source.rows.push(row);
    });
    if (csv === null) continue;
    if (csv.input === null) {
      for (const { row, headers } of workbookRows(entry, csv.finish, problems)) void csv.onRow(row, headers);
    } else csv.finish(parseCsv(csv.input, entry.display, { onRow: csv.onRow }));
  }
  source.problems = problems.toList();
  return source;
}

/**
 * A workbook entry's rows, a batch at a time, for the CSV path's `onRow`; at the end its verdict
 * goes to the CSV path's `finish`, as the parse result of a CSV would. One generator serves the
 * whole-file reader and the streaming one, which differ only in whether they wait for `onRow`.
 */
function* workbookRows(
  entry: CsvEntry,
  finish: (parsed: ParsedCsv) => void,
  problems: FileProblemCollector,
): Generator<{ row: CsvRow; headers: string[] }> {
  const steps = readWorkbookRowBatches(entry.bytes, entry.fileName, {
    sheet: entry.sheet,
    otherSheetFix: 'If the backers are on another sheet, choose it under "Sheet to read".',
  });
  for (;;) {
    const step = steps.next();
    if (step.done) {
      finishWorkbook(step.value, finish, problems);
      return;
    }
    for (const row of step.value.rows) yield { row, headers: step.value.headers };
  }
}

/** Hands a workbook's verdict to the CSV path's `finish`, as the parse result of a CSV would be. */
function finishWorkbook(book: WorkbookRows, finish: (parsed: ParsedCsv) => void, problems: FileProblemCollector) {
  if (!book.ok) {
    problems.addAll(book.problems);
    return;
  }
  finish({ headers: book.headers, rows: [], rowCount: book.rowCount, delimiter: ",", problems: book.problems });
}

/**
 * `readBackerImportFiles` for large imports: each row goes to `onRow` as soon as it is read instead
 * of into `source.rows` (which stays empty), and reading waits whenever `onRow` returns a promise —
 * so a 250,000-row file is never held as 250,000 parsed rows, and the caller can write what it has
 * while the rest of the file waits. `source` is the same object throughout and complete (problems
 * included) when the promise resolves.
 */
export async function streamBackerImportFiles(
  files: UploadedFile[],
  options: ReadBackerImportFilesOptions,
  onRow: (row: BackerImportRow, source: BackerImportSource) => void | Promise<void>,
): Promise<BackerImportSource> {
  const { source, problems, entriesAsync } = openBackerImportFiles(files, options);
  for await (const entry of entriesAsync()) {
    // Decoded a piece at a time, so the file's text never exists whole next to its bytes.
    const csv = openCsv(entry, source, problems, options, (row) => onRow(row, source), "pieces");
    if (csv === null) continue;
    if (csv.input === null) {
      for (const { row, headers } of workbookRows(entry, csv.finish, problems)) await csv.onRow(row, headers);
    } else csv.finish(await parseCsvAsync(csv.input, entry.display, { onRow: csv.onRow }));
  }
  source.problems = problems.toList();
  return source;
}

type CsvEntry = {
  bytes: Uint8Array;
  /** The uploaded file's name. */
  fileName: string;
  /** How problems name it: the file, "backers.zip › Early Bird.csv" or "backers.xlsx › Sheet1". */
  display: string;
  zipRewardName: string | null;
  maxFileBytes: number;
  /** An Excel workbook, read by lib/spreadsheets instead of decoded as text. */
  workbook: boolean;
  /** The workbook's sheet the creator chose; unset: its first visible sheet. */
  sheet?: string;
};

/**
 * The CSVs to read (each upload, or each CSV inside an uploaded ZIP), with the problems of files
 * that cannot be opened. Every ZIP of the upload spends from one inflate budget, so many small
 * archives cannot each unpack the whole allowance; `entriesAsync` inflates without holding the
 * event loop (web requests), `entries` in one go (pure callers and tests).
 */
function openBackerImportFiles(
  files: UploadedFile[],
  options: ReadBackerImportFilesOptions,
): { source: BackerImportSource; problems: FileProblemCollector; entries: () => Generator<CsvEntry>; entriesAsync: () => AsyncGenerator<CsvEntry> } {
  const problems = new FileProblemCollector();
  const source: BackerImportSource = {
    files: [],
    rows: [],
    pledgeLevels: new Map(),
    items: new Map(),
    problems: [],
    needsMapping: [],
    sheets: [],
  };
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const budget: InflateBudget = createInflateBudget(options.maxZipBytes ?? DEFAULT_MAX_ZIP_TOTAL_BYTES);
  const zipOptions: ReadZipEntriesOptions = { budget, maxEntries: options.maxZipEntries, maxEntryBytes: maxFileBytes };

  if (files.length === 0) {
    problems.add({ file: "(no file)", message: "No file was uploaded.", fix: "Choose the backer report CSV or ZIP to upload.", severity: "error" });
  }

  const isZip = (file: UploadedFile) => file.bytes.length > 0 && isZipArchive(file.bytes) && !/\.(xlsx|numbers|ods|docx)$/i.test(file.name);
  /** False (with the problem recorded) when the upload itself is over the file limit. */
  const withinFileLimit = (file: UploadedFile) => {
    if (file.bytes.length <= maxFileBytes) return true;
    const decoded = decodeTextFile(file.bytes, file.name, { maxBytes: maxFileBytes });
    if (!decoded.ok) problems.add(decoded.problem);
    return false;
  };
  function* unpacked(zip: ReadZipEntriesResult): Generator<CsvEntry> {
    if (!zip.ok) {
      problems.add(zip.problem);
      return;
    }
    problems.addAll(zip.warnings);
    for (const entry of zip.entries) {
      yield { bytes: entry.bytes, fileName: entry.name, display: entry.displayName, zipRewardName: rewardNameFromFileName(entry.name), maxFileBytes, workbook: false };
    }
  }
  /**
   * An upload as its bytes say it is (a name proves nothing): a refused spreadsheet (problem
   * recorded), an Excel workbook, a ZIP of CSVs, or a CSV.
   */
  const kindOf = (file: UploadedFile): "refused" | "workbook" | "zip" | "csv" => {
    const kind = identifySpreadsheet(file.bytes, file.name);
    if (kind.kind === "refused") {
      problems.add(kind.problem);
      return "refused";
    }
    if (kind.kind === "xlsx") return "workbook";
    return isZip(file) ? "zip" : "csv";
  };
  const workbookEntry = (file: UploadedFile): CsvEntry => {
    const sheet = options.sheets?.[file.name];
    // From the workbook's small table of sheets; when it cannot be read, the reader says why.
    const listed = listWorkbookSheets(file.bytes, file.name, sheet);
    if (listed && listed.names.length > 1) source.sheets.push({ file: file.name, ...listed });
    return {
      bytes: file.bytes,
      fileName: file.name,
      display: listed?.read ? `${file.name} › ${listed.read}` : file.name,
      zipRewardName: null,
      maxFileBytes,
      workbook: true,
      sheet,
    };
  };
  const csvEntry = (file: UploadedFile): CsvEntry => ({ bytes: file.bytes, fileName: file.name, display: file.name, zipRewardName: null, maxFileBytes, workbook: false });

  // Generators, so a ZIP is unpacked only when its turn comes and problems stay in file order.
  function* entries(): Generator<CsvEntry> {
    for (const file of files) {
      const kind = kindOf(file);
      if (kind === "csv") yield csvEntry(file);
      else if (kind === "workbook" && withinFileLimit(file)) yield workbookEntry(file);
      else if (kind === "zip" && withinFileLimit(file)) yield* unpacked(readZipEntries(file.bytes, file.name, zipOptions));
    }
  }
  async function* entriesAsync(): AsyncGenerator<CsvEntry> {
    for (const file of files) {
      const kind = kindOf(file);
      if (kind === "csv") yield csvEntry(file);
      else if (kind === "workbook" && withinFileLimit(file)) yield workbookEntry(file);
      else if (kind === "zip" && withinFileLimit(file)) yield* unpacked(await readZipEntriesAsync(file.bytes, file.name, zipOptions));
    }
  }
  return { source, problems, entries, entriesAsync };
}

/**
 * Decodes one CSV (whole, or in pieces as it is parsed) and prepares its row reader; null when the
 * bytes are not readable text (the problem is recorded). The caller parses `input` with `onRow`,
 * then hands the result to `finish`.
 */
function openCsv(
  entry: CsvEntry,
  source: BackerImportSource,
  problems: FileProblemCollector,
  options: ReadBackerImportFilesOptions,
  emit: (row: BackerImportRow) => void | Promise<void>,
  decoding: "whole" | "pieces" = "whole",
): { input: string | Iterable<string> | null; onRow: (row: CsvRow, headers: string[]) => void | Promise<void>; finish: (parsed: ParsedCsv) => void } | null {
  const { display, zipRewardName } = entry;
  const limits = { maxBytes: entry.maxFileBytes };
  let input: string | Iterable<string> | null = null;
  if (!entry.workbook) {
    const decoded = decoding === "pieces" ? decodeTextFileInPieces(entry.bytes, display, limits) : decodeTextFile(entry.bytes, display, limits);
    if (!decoded.ok) {
      problems.add(decoded.problem);
      return null;
    }
    problems.addAll(decoded.warnings);
    input = "text" in decoded ? decoded.text : decoded.pieces();
  }

  const fileIndex = source.files.length;
  const fileEntry: BackerImportSourceFile = { name: display, format: null, headers: [], rowCount: 0, fields: [], columns: {}, hasItemColumns: false };
  source.files.push(fileEntry);

  let reader: ((row: CsvRow) => void | Promise<void>) | null = null;
  let rejected = false;
  const onRow = (row: CsvRow, headers: string[]): void | Promise<void> => {
    if (rejected) return;
    if (reader === null) {
      reader = prepareReader(headers);
      if (reader === null) {
        rejected = true;
        return;
      }
    }
    return reader(row);
  };
  const finish = (parsed: ParsedCsv) => {
    problems.addAll(parsed.problems);
    fileEntry.headers = parsed.headers;
    if (parsed.headers.length > 0 && reader === null && !rejected) prepareReader(parsed.headers);
    if (parsed.headers.length > 0 && parsed.rowCount === 0) {
      problems.add({
        file: display,
        message: `${display} has a header row but no backers.`,
        fix: "Export the backer report again; it should have one row per backer.",
        severity: "error",
      });
    }
  };
  // null: a workbook, whose rows the caller reads with lib/spreadsheets.
  return { input, onRow, finish };

  function prepareReader(headers: string[]): ((row: CsvRow) => void | Promise<void>) | null {
    let mapping: ColumnMapping;
    let format: BackerFileFormat;
    if (options.mapping) {
      mapping = options.mapping;
      format = "mapped";
      const known = new Set(headers.map(headerKey));
      const wanted = [
        ...BACKER_IMPORT_FIELDS.flatMap((field) => (mapping[field] ? [mapping[field]!] : [])),
        ...(mapping.itemColumns ?? []),
      ];
      const absent = wanted.filter((header) => !known.has(headerKey(header)));
      if (absent.length > 0) {
        problems.add({
          file: display,
          message: `The column mapping names columns that ${display} does not have: ${listColumns(absent)}. Its columns are: ${listColumns(headers)}.`,
          fix: "Choose columns that exist in this file in the column-mapping step.",
          severity: "error",
        });
        return null;
      }
      if (!mapping.email) {
        problems.add({
          file: display,
          message: "No column was chosen for the email address.",
          fix: "In the column-mapping step, say which column holds each backer's email; every backer needs one.",
          severity: "error",
        });
        return null;
      }
    } else {
      const other = recognizeOtherUpload(display, headers);
      if (other) {
        problems.add({ file: display, message: other.message, fix: other.fix, severity: "error" });
        if (other.offerMapping) source.needsMapping.push({ file: display, headers, suggested: suggestColumnMapping(headers) });
        return null;
      }
      const recognized = recognizeKickstarterHeaders(headers);
      if (!recognized.ok && !recognized.looksLikeKickstarter && options.platform !== undefined && options.platform !== "KICKSTARTER") {
        source.needsMapping.push({ file: display, headers, suggested: suggestColumnMapping(headers) });
        return null;
      }
      if (!recognized.ok) {
        const { closest, looksLikeKickstarter } = recognized;
        problems.add({
          file: display,
          message: looksLikeKickstarter
            ? `${display} looks like a ${closest.label} but is missing the columns ${closest.missing.join(", ")}. Columns found: ${listColumns(headers)}.`
            : `The columns of ${display} are not those of a Kickstarter backer report. Columns found: ${listColumns(headers)}. A Kickstarter report needs at least: ${closest.missing.join(", ")}.`,
          fix: looksLikeKickstarter
            ? "Export the backer report from Kickstarter again and upload it without editing the header row."
            : "If the file comes from another platform (BackerKit, Gamefound) or your own sheet, choose which column is which in the column-mapping step.",
          severity: "error",
        });
        source.needsMapping.push({ file: display, headers, suggested: suggestColumnMapping(headers) });
        return null;
      }
      mapping = recognized.mapping;
      format = recognized.format;
      if (recognized.ignoredColumns.length > 0) {
        problems.add({
          file: display,
          message: `These columns are not part of a Kickstarter backer report and were not imported: ${listColumns(recognized.ignoredColumns)}.`,
          fix: "Nothing to do unless you expected them to be imported.",
          severity: "warning",
        });
      }
    }
    fileEntry.format = format;
    return createRowReader(headers, mapping, { source: fileIndex, display, zipRewardName, format }, source, problems, options, fileEntry, emit);
  }
}

function createRowReader(
  headers: string[],
  mapping: ColumnMapping,
  context: FileContext,
  source: BackerImportSource,
  problems: FileProblemCollector,
  options: ReadBackerImportFilesOptions,
  fileEntry: BackerImportSourceFile,
  emit: (row: BackerImportRow) => void | Promise<void>,
): (row: CsvRow) => void | Promise<void> {
  const indexOf = new Map<string, number>();
  headers.forEach((header, index) => {
    if (!indexOf.has(headerKey(header))) indexOf.set(headerKey(header), index);
  });
  const column: Partial<Record<BackerImportField, { index: number; header: string }>> = {};
  for (const field of BACKER_IMPORT_FIELDS) {
    const header = mapping[field];
    if (header === undefined) continue;
    const index = indexOf.get(headerKey(header));
    if (index !== undefined) column[field] = { index, header: headers[index] };
  }
  const itemColumns = (mapping.itemColumns ?? []).flatMap((header) => {
    const index = indexOf.get(headerKey(header));
    if (index === undefined) return [];
    const item = readItemColumn(headers[index]);
    const known = source.items.get(item.key);
    if (!known) source.items.set(item.key, item);
    return [{ index, header: headers[index], item: known ?? item }];
  });
  fileEntry.fields = BACKER_IMPORT_FIELDS.filter((field) => column[field] !== undefined);
  for (const field of fileEntry.fields) fileEntry.columns[field] = column[field]!.header;
  fileEntry.hasItemColumns = itemColumns.length > 0;
  const providesLevel = column.rewardTitle !== undefined || column.rewardId !== undefined || context.zipRewardName !== null;
  if (providesLevel && !fileEntry.fields.includes("rewardTitle")) fileEntry.fields.push("rewardTitle");

  const { display, currency } = { display: context.display, currency: options.currency };
  // Most backers share a handful of carts and countries: one shared array or string for each
  // instead of one per row saves a few hundred bytes per row at 250,000 rows. Rows treat them as
  // read-only.
  const cartPool = new Map<string, [string, number][]>();
  const textPool = new Map<string, string>();
  const pooled = (value: string | null): string | null => {
    if (value === null || value.length > 40) return value;
    const known = textPool.get(value);
    if (known !== undefined) return known;
    if (textPool.size < 50_000) textPool.set(value, value);
    return value;
  };
  const cell = (row: CsvRow, field: BackerImportField): string | null => {
    const at = column[field];
    return at === undefined ? null : row.cells[at.index];
  };
  const text = (row: CsvRow, field: BackerImportField): string | null => {
    const value = cell(row, field);
    if (value === null) return null;
    const trimmed = value.trim();
    return trimmed === "" ? null : trimmed;
  };

  const report = (row: CsvRow, field: BackerImportField | null, value: string | null, message: string, fix: string, kind: string, summary: string, severity: "error" | "warning" = "error") => {
    const header = field === null ? undefined : column[field]?.header;
    problems.add(
      { file: display, row: row.row, column: header, value: value === null ? undefined : clipValue(value), message, fix, severity },
      `${display}|${kind}|${header ?? ""}`,
      summary,
    );
  };

  const money = (row: CsvRow, field: BackerImportField, required: boolean): { value: number | null; bad: boolean } => {
    const raw = cell(row, field);
    if (raw === null) return { value: null, bad: false };
    if (raw.trim() === "") {
      if (!required) return { value: 0, bad: false };
      report(row, field, raw, `${BACKER_IMPORT_FIELD_LABELS[field]} is empty.`, "Fill in the amount (for example 25.00).", "money-empty", "the amount is empty");
      return { value: null, bad: true };
    }
    const parsed = parseMoney(raw, currency);
    if (!parsed.ok) {
      report(row, field, raw, `"${clipValue(raw, 40)}" is not an amount of money (${parsed.reason}).`, 'Write amounts like 25.00, 1,234.50, 1.234,50 or "$25.00 USD".', "money-bad", "not an amount of money");
      return { value: null, bad: true };
    }
    if (parsed.value.currency !== null && parsed.value.currency !== currency) {
      report(
        row,
        field,
        raw,
        `The amount is in ${parsed.value.currency}, but the project's currency is ${currency}.`,
        `Import into a project whose currency is ${parsed.value.currency}, or change this project's currency first.`,
        "money-currency",
        `amounts in ${parsed.value.currency}, not ${currency}`,
      );
      return { value: null, bad: true };
    }
    if (parsed.value.minor < 0) {
      report(row, field, raw, "The amount is negative.", "Amounts must be zero or more.", "money-negative", "negative amounts");
      return { value: null, bad: true };
    }
    return { value: parsed.value.minor, bad: false };
  };

  const mappedFields = Object.keys(column) as BackerImportField[];
  return (row: CsvRow): void | Promise<void> => {
    let invalid = false;
    fileEntry.rowCount++;

    for (const field of mappedFields) {
      const length = row.cells[column[field]!.index].length;
      const limit = CELL_LIMITS[field] ?? MAX_CELL_LENGTH;
      if (length <= limit) continue;
      report(
        row,
        field,
        null,
        `The cell is ${length.toLocaleString("en-US")} characters long; at most ${limit.toLocaleString("en-US")} are accepted.`,
        "Shorten the cell, or check that a missing quote did not run several cells together.",
        "cell-too-long",
        "the cell is too long",
      );
      invalid = true;
    }

    const rawEmail = cell(row, "email") ?? "";
    const email = normalizeEmail(rawEmail);
    if (email === "") {
      report(row, "email", rawEmail, "The email address is empty.", "Every backer needs an email address; fill it in or delete the row.", "email-empty", "the email address is empty");
      invalid = true;
    } else if (!isValidEmail(email)) {
      report(row, "email", rawEmail, `"${clipValue(rawEmail.trim(), 60)}" is not a valid email address.`, "Correct the address (one address per cell, like name@example.com).", "email-invalid", "not a valid email address");
      invalid = true;
    } else {
      // Only a warning: some addresses are rightly written in another script, and the creator may know this one is right.
      const mixed = describeMixedScriptEmail(rawEmail.trim());
      if (mixed !== null) {
        report(
          row,
          "email",
          rawEmail,
          mixed,
          "Emails to a mistyped address never arrive. Check the address with the backer and correct it; if it is exactly right, ignore this warning.",
          "email-mixed-script",
          "the email address mixes letters of different scripts",
          "warning",
        );
      }
    }

    let backerNumber: number | null = null;
    const rawNumber = text(row, "backerNumber");
    if (rawNumber !== null) {
      const match = /^#?(\d{1,10})(?:\.0+)?$/.exec(rawNumber);
      const value = match ? Number(match[1]) : NaN;
      if (!match || value < 1 || value > 2_147_483_647) {
        report(row, "backerNumber", rawNumber, `"${clipValue(rawNumber, 30)}" is not a backer number.`, "Backer numbers are whole numbers such as 1234.", "number-bad", "not a backer number");
        invalid = true;
      } else backerNumber = value;
    }

    const amount = money(row, "pledgeAmount", true);
    const shipping = money(row, "shippingAmount", false);
    const bonus = money(row, "bonusSupport", false);
    if (amount.bad || shipping.bad || bonus.bad) invalid = true;

    let pledgedAt: Date | null = null;
    const rawPledgedAt = cell(row, "pledgedAt");
    if (rawPledgedAt !== null) {
      const parsed = parseImportTime(rawPledgedAt);
      if (parsed.ok) pledgedAt = parsed.value;
      else {
        const empty = rawPledgedAt.trim() === "";
        report(
          row,
          "pledgedAt",
          rawPledgedAt,
          empty ? "The pledge time is empty." : `"${clipValue(rawPledgedAt, 40)}" is not a date and time this importer can read (${parsed.reason}).`,
          "Write times year first, like 2013/10/11, 13:42 or 2013-10-11T13:42:00Z (times without a zone are read as UTC).",
          empty ? "date-empty" : "date-bad",
          empty ? "the pledge time is empty" : "not a readable date and time",
        );
        invalid = true;
      }
    }

    let status = null as BackerImportRow["status"];
    const rawStatus = cell(row, "pledgeStatus");
    if (rawStatus !== null) {
      status = parsePledgeStatus(rawStatus);
      if (status === null) {
        report(
          row,
          "pledgeStatus",
          rawStatus,
          rawStatus.trim() === "" ? "The payment status is empty." : `"${clipValue(rawStatus, 30)}" is not a payment status this importer knows.`,
          `Use one of: ${ACCEPTED_PLEDGE_STATUS_WORDS.join(", ")}.`,
          "status-bad",
          "not a known payment status",
        );
        invalid = true;
      }
    }

    let rewardsSent: boolean | null = null;
    const rawSent = cell(row, "rewardsSent");
    if (rawSent !== null) rewardsSent = parseYesNo(rawSent);

    let country: string | null = null;
    let countryName = text(row, "shippingCountryName");
    const rawCountry = text(row, "country");
    if (rawCountry !== null) {
      country = resolveCountryCode(rawCountry);
      if (country === null && countryName === null) countryName = rawCountry;
      else if (country !== null && countryName === null && rawCountry.length > 2) countryName = rawCountry;
    }

    let levelKey: string | null = null;
    const rewardTitle = text(row, "rewardTitle");
    const rewardId = text(row, "rewardId");
    const levelName = rewardTitle ?? context.zipRewardName ?? (rewardId !== null ? `Reward ${rewardId}` : null);
    if (levelName !== null) {
      levelKey = rewardId !== null ? `id:${rewardId}` : `name:${levelName.toLowerCase()}`;
      if (!source.pledgeLevels.has(levelKey)) {
        let price: number | null = null;
        const rawMinimum = text(row, "rewardMinimum");
        if (rawMinimum !== null) {
          const parsed = parseMoney(rawMinimum, currency);
          if (parsed.ok && parsed.value.minor >= 0) price = parsed.value.minor;
        }
        const level: ImportPledgeLevel = {
          key: levelKey,
          name: levelName,
          externalId: rewardId,
          price,
          noReward: /^no reward$/i.test(levelName),
        };
        source.pledgeLevels.set(levelKey, level);
      }
    }

    let items: [string, number][] | null = null;
    if (itemColumns.length > 0) {
      items = [];
      for (const { index, header, item } of itemColumns) {
        const raw = row.cells[index].trim();
        if (raw === "" || raw === "0") continue;
        const match = /^(\d{1,6})(?:\.0+)?$/.exec(raw);
        if (!match) {
          problems.add(
            { file: display, row: row.row, column: header, value: clipValue(raw), message: `"${clipValue(raw, 30)}" is not a quantity.`, fix: "Item and add-on columns hold whole numbers (0, 1, 2…).", severity: "error" },
            `${display}|qty|${header}`,
            "not a quantity",
          );
          invalid = true;
          continue;
        }
        const quantity = Number(match[1]);
        if (quantity === 0) continue;
        const same = items.find(([key]) => key === item.key);
        if (same) same[1] += quantity;
        else items.push([item.key, quantity]);
      }
    }

    if (items !== null) {
      const signature = items.map(([key, quantity]) => `${key}\u0000${quantity}`).join("\u0001");
      const shared = cartPool.get(signature);
      if (shared) items = shared;
      else cartPool.set(signature, items);
    }

    return emit({
      source: context.source,
      row: row.row,
      email,
      name: column.name === undefined ? null : (cell(row, "name") ?? "").trim(),
      backerNumber,
      platformUid: text(row, "platformUid"),
      country: pooled(country),
      shippingCountryName: pooled(countryName),
      shippingName: text(row, "shippingName"),
      shippingAddress1: text(row, "shippingAddress1"),
      shippingAddress2: text(row, "shippingAddress2"),
      shippingCity: pooled(text(row, "shippingCity")),
      shippingState: pooled(text(row, "shippingState")),
      shippingPostalCode: text(row, "shippingPostalCode"),
      shippingPhone: text(row, "shippingPhone"),
      shippingDeliveryNotes: text(row, "shippingDeliveryNotes"),
      notes: text(row, "notes"),
      surveyResponse: text(row, "surveyResponse"),
      amount: amount.value,
      shippingAmount: shipping.value,
      bonusAmount: bonus.value,
      pledgedAt,
      status,
      rewardsSent,
      levelKey,
      items,
      invalid,
    });
  };
}
