import { isUtf8 } from "node:buffer";
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
/** For files no spreadsheet opens (documents, images, archives of unknown content): "open it in Excel" would not help. */
const NOT_A_SPREADSHEET =
  "A spreadsheet cannot open this kind of file. Download the CSV export again from where the data lives (the crowdfunding platform or your spreadsheet) and upload that.";

/** Formats that arrive renamed or picked by mistake, recognised by their first bytes. */
const BINARY_SIGNATURES: { bytes: number[]; describe: (fileName: string, bytes: Uint8Array) => string; fix?: string }[] = [
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
  { bytes: [0x25, 0x50, 0x44, 0x46], describe: () => "is a PDF document, not a CSV file", fix: NOT_A_SPREADSHEET },
  { bytes: [0x89, 0x50, 0x4e, 0x47], describe: () => "is a PNG image, not a CSV file", fix: NOT_A_SPREADSHEET },
  { bytes: [0xff, 0xd8, 0xff], describe: () => "is a JPEG image, not a CSV file", fix: NOT_A_SPREADSHEET },
  {
    bytes: [0x1f, 0x8b],
    describe: () => "is a gzip-compressed file, not a CSV file",
    fix: "Unpack it first (or upload a ZIP archive) and upload the CSV file inside.",
  },
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

type OpenedTextBytes =
  | { ok: true; encoding: TextEncodingName; body: Uint8Array; fail: (message: string, fix: string) => { ok: false; problem: FileProblem } }
  | { ok: false; problem: FileProblem };

/** The checks made on the bytes before any decoding: empty, too large, a known binary format, and the encoding. */
function openTextBytes(bytes: Uint8Array, fileName: string, options: DecodeTextFileOptions): OpenedTextBytes {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const fail = (message: string, fix: string) => ({
    ok: false as const,
    problem: { file: fileName, message, fix, severity: "error" as const },
  });

  if (bytes.length === 0) return fail(`${fileName} is empty (0 bytes).`, "Export the file again; it should contain a header row and at least one row.");
  if (bytes.length > maxBytes) {
    return fail(
      `${fileName} is ${formatByteSize(bytes.length)}; the limit is ${formatByteSize(maxBytes)}.`,
      "Split it into smaller files (for example one per reward) or put it in a ZIP archive.",
    );
  }

  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { ok: true, encoding: "utf-8", body: bytes.subarray(3), fail };
  if (startsWith(bytes, [0xff, 0xfe])) return { ok: true, encoding: "utf-16le", body: bytes.subarray(2), fail };
  if (startsWith(bytes, [0xfe, 0xff])) return { ok: true, encoding: "utf-16be", body: bytes.subarray(2), fail };
  const signature = BINARY_SIGNATURES.find((candidate) => startsWith(bytes, candidate.bytes));
  if (signature) return fail(`${fileName} ${signature.describe(fileName, bytes)}.`, signature.fix ?? SAVE_AS_CSV);
  return { ok: true, encoding: sniffBomlessUtf16(bytes) ?? "utf-8", body: bytes, fail };
}

function windows1252Warning(fileName: string): FileProblem {
  return {
    file: fileName,
    message: `${fileName} is not UTF-8, so it was read as Windows-1252 (Western European), the encoding of Excel's older "CSV (Comma delimited)" format.`,
    fix: 'Check that accented names look right in the preview; if they do not, save the file from Excel as "CSV UTF-8 (Comma delimited)".',
    severity: "warning",
  };
}

/** Whether UTF-16 bytes hold a NUL character (two zero bytes in one code unit). */
function hasUtf16Nul(body: Uint8Array): boolean {
  for (let i = 0; i + 1 < body.length; i += 2) if (body[i] === 0 && body[i + 1] === 0) return true;
  return false;
}

/** Bytes decoded per piece: large enough that the first piece alone decides what a text's start decides. */
const PIECE_BYTES = 1024 * 1024;

export type DecodeTextFileInPiecesResult =
  | { ok: true; encoding: TextEncodingName; warnings: FileProblem[]; pieces: () => Generator<string> }
  | { ok: false; problem: FileProblem };

/**
 * `decodeTextFile` for large files: the same checks, messages and warnings, but the text comes as
 * `pieces()` — successive pieces of about a mebibyte each, decoded when asked for — so a 60 MB
 * upload is never also held as one 60–120 MB string. Concatenated, the pieces are exactly
 * `decodeTextFile`'s text.
 */
export function decodeTextFileInPieces(
  bytes: Uint8Array,
  fileName: string,
  options: DecodeTextFileOptions & {
    /**
     * Bytes per piece handed out (default about a mebibyte; the checks always read the first
     * mebibyte). Node keeps a decoded text past a mebibyte outside the heap, and the collector
     * frees it only in a full collection, so a file read in such pieces adds its whole text to
     * the peak; pieces of 64 KiB die young.
     */
    pieceBytes?: number;
  } = {},
): DecodeTextFileInPiecesResult {
  const opened = openTextBytes(bytes, fileName, options);
  if (!opened.ok) return opened;
  const { body, fail } = opened;
  let { encoding } = opened;
  const warnings: FileProblem[] = [];
  const binary = () => fail(`${fileName} is not a text file (it contains binary data).`, NOT_A_SPREADSHEET);
  if (encoding === "utf-8") {
    if (body.includes(0)) return binary();
    if (!isUtf8(body)) {
      encoding = "windows-1252";
      warnings.push(windows1252Warning(fileName));
    }
  }
  // decodeTextFile refuses any NUL in text that is not UTF-8; only a zero code unit decodes to one.
  if (encoding === "windows-1252" && body.includes(0)) return binary();
  if ((encoding === "utf-16le" || encoding === "utf-16be") && hasUtf16Nul(body)) return binary();

  const decoderEncoding = encoding;
  function* pieces(size: number): Generator<string> {
    const decoder = new TextDecoder(decoderEncoding, { ignoreBOM: true });
    for (let start = 0; start < body.length; start += size) {
      const end = Math.min(start + size, body.length);
      let piece = decoder.decode(body.subarray(start, end), { stream: end < body.length });
      if (start === 0 && piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
      if (piece !== "") yield piece;
    }
  }

  let first = true;
  let blank = true;
  for (const piece of pieces(PIECE_BYTES)) {
    if (first && controlCharacterShare(piece) > 0.01) return binary();
    first = false;
    if (piece.trim() !== "") {
      blank = false;
      break;
    }
  }
  if (blank) return fail(`${fileName} is empty (it has no rows).`, "Export the file again; it should contain a header row and at least one row.");
  const pieceBytes = options.pieceBytes ?? PIECE_BYTES;
  return { ok: true, encoding, warnings, pieces: () => pieces(pieceBytes) };
}

/**
 * Turns uploaded bytes into text, or says precisely why it cannot: empty, too large, a workbook or
 * other binary file. Handles what spreadsheets actually write: a UTF-8 byte-order mark (Excel's
 * "CSV UTF-8"), UTF-16 with or without a byte-order mark (Excel's "Unicode text"), and Windows-1252
 * (Excel's older "CSV (Comma delimited)"), which is read with a warning rather than refused because
 * refusing it would stop most Western European creators at their first upload.
 */
export function decodeTextFile(bytes: Uint8Array, fileName: string, options: DecodeTextFileOptions = {}): DecodeTextFileResult {
  const opened = openTextBytes(bytes, fileName, options);
  if (!opened.ok) return opened;
  let { encoding } = opened;
  const { body, fail } = opened;

  const warnings: FileProblem[] = [];
  let text: string;
  if (encoding === "utf-8") {
    if (body.includes(0)) {
      return fail(`${fileName} is not a text file (it contains binary data).`, NOT_A_SPREADSHEET);
    }
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      encoding = "windows-1252";
      text = new TextDecoder("windows-1252").decode(body);
      warnings.push(windows1252Warning(fileName));
    }
  } else {
    text = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  }

  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (controlCharacterShare(text) > 0.01 || (encoding !== "utf-8" && text.includes("\u0000"))) {
    return fail(`${fileName} is not a text file (it contains binary data).`, NOT_A_SPREADSHEET);
  }
  if (text.trim() === "") {
    return fail(`${fileName} is empty (it has no rows).`, "Export the file again; it should contain a header row and at least one row.");
  }
  return { ok: true, text, encoding, warnings };
}
