import { formatByteSize, type FileProblem } from "./file-problem";
import { describeOfficeDocument } from "./read-zip-entries";

/** Uploads larger than this are refused unless the caller passes its own limit. */
export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export type DecodeTextFileResult =
  | { ok: true; text: string; encoding: TextEncodingName; warnings: FileProblem[] }
  | { ok: false; problem: FileProblem };

export type DecodeTextFileOptions = {
  /** Largest accepted file, in bytes. */
  maxBytes?: number;
};

const SAVE_AS_CSV = 'Open it in Excel, Numbers or Google Sheets and save or download it as "CSV UTF-8".';

/** Formats that arrive renamed or picked by mistake, recognised by their first bytes. */
const BINARY_SIGNATURES: { bytes: number[]; describe: (fileName: string, bytes: Uint8Array) => string }[] = [
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    // Workbooks are often renamed to .csv, so their contents, not their names, say what they are.
    describe: (fileName, bytes) => {
      const office = describeOfficeDocument(bytes);
      if (office) return `is ${office}, not a CSV file`;
      return /\.xlsx$/i.test(fileName)
        ? "is an Excel workbook (.xlsx), not a CSV file"
        : /\.numbers$/i.test(fileName)
          ? "is a Numbers document, not a CSV file"
          : "is a ZIP archive, not a CSV file";
    },
  },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], describe: () => "is an Excel 97–2003 workbook (.xls), not a CSV file" },
  { bytes: [0x25, 0x50, 0x44, 0x46], describe: () => "is a PDF document, not a CSV file" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], describe: () => "is a PNG image, not a CSV file" },
  { bytes: [0xff, 0xd8, 0xff], describe: () => "is a JPEG image, not a CSV file" },
  { bytes: [0x1f, 0x8b], describe: () => "is a gzip-compressed file, not a CSV file" },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((byte, index) => bytes[index] === byte);
}

/** UTF-16 without a byte-order mark: plain-ASCII text leaves every other byte zero. */
function sniffBomlessUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const sample = Math.min(bytes.length, 4096) & ~1;
  if (sample < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = sample / 2;
  if (zeroOdd / pairs > 0.4 && zeroEven / pairs < 0.05) return "utf-16le";
  if (zeroEven / pairs > 0.4 && zeroOdd / pairs < 0.05) return "utf-16be";
  return null;
}

/** Share of control characters (other than tab, newlines and form feed) in the start of the text. */
function controlCharacterShare(text: string): number {
  const sample = Math.min(text.length, 65536);
  if (sample === 0) return 0;
  let controls = 0;
  for (let i = 0; i < sample; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0x7f) controls++;
  }
  return controls / sample;
}

/**
 * Turns uploaded bytes into text, or says precisely why it cannot: empty, too large, a workbook or
 * other binary file. Handles what spreadsheets actually write: a UTF-8 byte-order mark (Excel's
 * "CSV UTF-8"), UTF-16 with or without a byte-order mark (Excel's "Unicode text"), and Windows-1252
 * (Excel's older "CSV (Comma delimited)"), which is read with a warning rather than refused because
 * refusing it would stop most Western European creators at their first upload.
 */
export function decodeTextFile(bytes: Uint8Array, fileName: string, options: DecodeTextFileOptions = {}): DecodeTextFileResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const fail = (message: string, fix: string): DecodeTextFileResult => ({
    ok: false,
    problem: { file: fileName, message, fix, severity: "error" },
  });

  if (bytes.length === 0) return fail(`${fileName} is empty (0 bytes).`, "Export the file again; it should contain a header row and at least one row.");
  if (bytes.length > maxBytes) {
    return fail(
      `${fileName} is ${formatByteSize(bytes.length)}; the limit is ${formatByteSize(maxBytes)}.`,
      "Split it into smaller files (for example one per reward) or put it in a ZIP archive.",
    );
  }

  let encoding: TextEncodingName;
  let body: Uint8Array;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    encoding = "utf-8";
    body = bytes.subarray(3);
  } else if (startsWith(bytes, [0xff, 0xfe])) {
    encoding = "utf-16le";
    body = bytes.subarray(2);
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    encoding = "utf-16be";
    body = bytes.subarray(2);
  } else {
    const signature = BINARY_SIGNATURES.find((candidate) => startsWith(bytes, candidate.bytes));
    if (signature) return fail(`${fileName} ${signature.describe(fileName, bytes)}.`, SAVE_AS_CSV);
    encoding = sniffBomlessUtf16(bytes) ?? "utf-8";
    body = bytes;
  }

  const warnings: FileProblem[] = [];
  let text: string;
  if (encoding === "utf-8") {
    if (body.includes(0)) {
      return fail(`${fileName} is not a text file (it contains binary data).`, SAVE_AS_CSV);
    }
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      encoding = "windows-1252";
      text = new TextDecoder("windows-1252").decode(body);
      warnings.push({
        file: fileName,
        message: `${fileName} is not UTF-8, so it was read as Windows-1252 (Western European), the encoding of Excel's older "CSV (Comma delimited)" format.`,
        fix: 'Check that accented names look right in the preview; if they do not, save the file from Excel as "CSV UTF-8 (Comma delimited)".',
        severity: "warning",
      });
    }
  } else {
    text = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  }

  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (controlCharacterShare(text) > 0.01 || (encoding !== "utf-8" && text.includes("\u0000"))) {
    return fail(`${fileName} is not a text file (it contains binary data).`, SAVE_AS_CSV);
  }
  if (text.trim() === "") {
    return fail(`${fileName} is empty (it has no rows).`, "Export the file again; it should contain a header row and at least one row.");
  }
  return { ok: true, text, encoding, warnings };
}
