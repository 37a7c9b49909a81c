import type { FileProblem } from "@/lib/csv/file-problem";
import { openWorkbookZip } from "./open-workbook-zip";

export type SpreadsheetKind =
  /** Text: CSV, TSV, a ZIP of CSV files — whatever the CSV readers handle (and refuse with their own messages). */
  | { kind: "text" }
  /** An Excel workbook (.xlsx) that `readWorkbookRows` reads. */
  | { kind: "xlsx" }
  /** A spreadsheet, or a file named like one, that cannot be read, with what to do. */
  | { kind: "refused"; problem: FileProblem };

const SAVE_AS =
  'In Excel choose File › Save As › "Excel Workbook (.xlsx)"; in Numbers or Google Sheets export or download it as .xlsx or as "CSV UTF-8".';

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);

/** Whether the bytes hold this UTF-16LE name, as a compound file's directory stores its stream names. */
function holdsUtf16Name(bytes: Uint8Array, name: string): boolean {
  const needle = Buffer.from(name, "utf16le");
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

/** Share of bytes in the first 4 KB that plain text would never hold. */
function binaryShare(bytes: Uint8Array): number {
  const sample = Math.min(bytes.length, 4096);
  if (sample === 0) return 0;
  let binary = 0;
  for (let i = 0; i < sample; i++) {
    const byte = bytes[i];
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) binary++;
  }
  return binary / sample;
}

/**
 * What an uploaded spreadsheet is, from its bytes (a name proves nothing: workbooks arrive named
 * .csv and CSV files named .xlsx): text for the CSV readers, an Excel workbook, or one of the
 * formats refused with a specific message — password-protected and macro-enabled workbooks,
 * Excel 97–2003 and binary workbooks, OpenDocument and Numbers files, and a CSV or PDF renamed .xlsx.
 */
export function identifySpreadsheet(bytes: Uint8Array, fileName: string): SpreadsheetKind {
  const refuse = (message: string, fix = SAVE_AS): SpreadsheetKind => ({
    kind: "refused",
    problem: { file: fileName, message, fix, severity: "error" },
  });
  const namedWorkbook = /\.(xlsx|xlsm|xltx|xltm)$/i.test(fileName);

  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const zip = openWorkbookZip(bytes);
    if (!zip.ok)
      return namedWorkbook ? refuse(`${fileName} is not a readable Excel workbook: it is damaged (${zip.reason}).`) : { kind: "text" };
    const { parts } = zip;
    if (parts.has("xl/workbook.xml")) {
      if ([...parts.values()].some((part) => part.flags & 0x1)) {
        return refuse(
          `${fileName} is password-protected, so it cannot be read.`,
          "Open it, remove the password (Excel: File › Info › Protect Workbook › Encrypt with Password, then clear it), save, and upload it again; or save a copy as CSV.",
        );
      }
      if (parts.has("xl/vbaproject.bin")) {
        return refuse(
          `${fileName} is a macro-enabled workbook (it contains VBA macros). Files with macros are not accepted, so that nothing in an upload can run code.`,
          'In Excel choose File › Save As › "Excel Workbook (.xlsx)" (the macros are left out), and upload that file.',
        );
      }
      return { kind: "xlsx" };
    }
    if (parts.has("xl/workbook.bin"))
      return refuse(`${fileName} is an Excel binary workbook (.xlsb), which cannot be read here.`);
    if (parts.has("mimetype") && parts.has("content.xml"))
      return refuse(`${fileName} is an OpenDocument spreadsheet (.ods), which cannot be read here yet.`);
    if (parts.has("index/document.iwa") || [...parts.keys()].some((path) => path.startsWith("index/")))
      return refuse(
        `${fileName} is a Numbers document, which cannot be read here.`,
        "In Numbers choose File › Export To › Excel (.xlsx) or CSV, and upload that file.",
      );
    return namedWorkbook
      ? refuse(`${fileName} is a ZIP archive, not an Excel workbook.`, "Unzip it and upload the spreadsheet inside.")
      : { kind: "text" };
  }

  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // Excel stores a password-protected workbook in this (OLE compound) container, whatever its name.
    if (holdsUtf16Name(bytes, "EncryptedPackage") || holdsUtf16Name(bytes, "EncryptionInfo")) {
      return refuse(
        `${fileName} is password-protected, so it cannot be read.`,
        "Open it, remove the password (Excel: File › Info › Protect Workbook › Encrypt with Password, then clear it), save, and upload it again; or save a copy as CSV.",
      );
    }
    return refuse(`${fileName} is an Excel 97–2003 workbook (.xls), which cannot be read here.`);
  }

  if (!namedWorkbook) return { kind: "text" };
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46]))
    return refuse(
      `${fileName} is a PDF document, not an Excel workbook.`,
      "Upload the spreadsheet itself (.xlsx or CSV), not a PDF printed from it.",
    );
  if (bytes.length === 0) return refuse(`${fileName} is empty.`, "Check that you picked the right file.");
  if (binaryShare(bytes) < 0.01) {
    return refuse(
      `${fileName} is named like an Excel workbook but holds plain text (it looks like a CSV file renamed to .xlsx).`,
      'Rename it to end in .csv and upload it again, or open it in Excel and save it as "Excel Workbook (.xlsx)".',
    );
  }
  return refuse(
    `${fileName} is not an Excel workbook (it is not the ZIP package Excel saves).`,
    "Upload the spreadsheet itself, saved as .xlsx or as CSV.",
  );
}
