import { strFromU8 } from "fflate";
import { createInflateBudget, driveInflate, driveInflateSync, type InflateBudget, type InflateOutcome, type InflateRequest } from "./inflate-budget";
import { formatByteSize, type FileProblem } from "./file-problem";

export type ZipEntry = {
  /** Path inside the archive, as stored. */
  path: string;
  /** The last part of the path ("Early Bird.csv"). */
  name: string;
  /** How problems refer to it: "backers.zip › Early Bird.csv". */
  displayName: string;
  bytes: Uint8Array;
};

export type ReadZipEntriesOptions = {
  /** Entries whose name passes are extracted; the others are listed as skipped. Default: .csv, .tsv, .txt. */
  accept?: (name: string) => boolean;
  /** Most entries the archive may list (a guard against archives built to exhaust the server). */
  maxEntries?: number;
  /** Most bytes all extracted entries may hold together once uncompressed (ignored when `budget` is given). */
  maxTotalBytes?: number;
  /** The upload's shared allowance, when several archives arrive together: each spends from it. */
  budget?: InflateBudget;
  /** Most bytes one entry may unpack to; larger ones are refused from their declared size, or as soon as they pass it. */
  maxEntryBytes?: number;
};

export type ReadZipEntriesResult =
  | { ok: true; entries: ZipEntry[]; warnings: FileProblem[] }
  | { ok: false; problem: FileProblem };

export const DEFAULT_MAX_ZIP_ENTRIES = 1000;
export const DEFAULT_MAX_ZIP_TOTAL_BYTES = 300 * 1024 * 1024;

/** Whether bytes are a ZIP archive (checked by signature; a ".zip" name alone proves nothing). */
export function isZipArchive(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}

const defaultAccept = (name: string) => /\.(csv|tsv|txt)$/i.test(name);

/** Office formats are ZIP archives too; their parts give them away. */
const OFFICE_DOCUMENTS: { test: (paths: readonly string[]) => boolean; description: string }[] = [
  { test: (paths) => paths.some((path) => path.startsWith("xl/")), description: "an Excel workbook (.xlsx)" },
  { test: (paths) => paths.some((path) => path.startsWith("word/")), description: "a Word document (.docx)" },
  { test: (paths) => paths.includes("Index/Document.iwa") || paths.some((path) => path.startsWith("Index/")), description: "a Numbers document" },
  { test: (paths) => paths.includes("content.xml") && paths.includes("mimetype"), description: "an OpenDocument spreadsheet (.ods)" },
];

/** The entry paths of a ZIP's table of contents, or null when it has none that can be read. */
function listZipPaths(bytes: Uint8Array): string[] | null {
  if (bytes.length < 22) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const paths: string[] = [];
  let cursor = view.getUint32(eocd + 16, true);
  for (let n = 0; n < count; n++) {
    if (cursor + 46 > bytes.length || view.getUint32(cursor, true) !== 0x02014b50) return paths;
    const nameLength = view.getUint16(cursor + 28, true);
    const flags = view.getUint16(cursor + 8, true);
    paths.push(strFromU8(bytes.subarray(cursor + 46, cursor + 46 + nameLength), (flags & 0x800) === 0));
    cursor += 46 + nameLength + view.getUint16(cursor + 30, true) + view.getUint16(cursor + 32, true);
  }
  return paths;
}

/**
 * What an office document that arrived as a ZIP (often renamed to .csv) is, such as "an Excel
 * workbook (.xlsx)", or null for any other archive. Reads only the table of contents.
 */
export function describeOfficeDocument(bytes: Uint8Array): string | null {
  const paths = listZipPaths(bytes);
  if (paths === null) return null;
  return OFFICE_DOCUMENTS.find((document) => document.test(paths))?.description ?? null;
}

type CentralEntry = {
  path: string;
  flags: number;
  compression: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
};

/**
 * Lists and extracts the CSV entries of a ZIP archive (Kickstarter's backer report export holds one
 * CSV per reward) with guards against ZIP bombs: the number of entries and the total uncompressed size
 * are limited before anything is inflated, each entry is inflated in small chunks and abandoned the
 * moment it produces more than it declared or more than the remaining budget, and an entry whose
 * actual size differs from its declared size is refused as damaged. Folders, macOS metadata
 * (`__MACOSX/`, `._*`, `.DS_Store`) and non-CSV entries are skipped, the latter with a warning.
 */
export function readZipEntries(bytes: Uint8Array, fileName: string, options: ReadZipEntriesOptions = {}): ReadZipEntriesResult {
  return driveInflateSync(readZipEntriesInSteps(bytes, fileName, options));
}

/**
 * `readZipEntries` for web requests: the same checks, but entries are inflated on zlib's thread
 * pool, so one upload of bombs cannot freeze the server for everyone else.
 */
export function readZipEntriesAsync(bytes: Uint8Array, fileName: string, options: ReadZipEntriesOptions = {}): Promise<ReadZipEntriesResult> {
  return driveInflate(readZipEntriesInSteps(bytes, fileName, options));
}

function* readZipEntriesInSteps(bytes: Uint8Array, fileName: string, options: ReadZipEntriesOptions): Generator<InflateRequest, ReadZipEntriesResult, InflateOutcome> {
  const accept = options.accept ?? defaultAccept;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ZIP_ENTRIES;
  const budget = options.budget ?? createInflateBudget(options.maxTotalBytes ?? DEFAULT_MAX_ZIP_TOTAL_BYTES);
  const maxTotalBytes = budget.total;
  const maxEntryBytes = options.maxEntryBytes ?? Number.POSITIVE_INFINITY;
  const fail = (message: string, fix: string): ReadZipEntriesResult => ({
    ok: false,
    problem: { file: fileName, message, fix, severity: "error" },
  });
  const damaged = (detail: string) =>
    fail(`${fileName} is not a readable ZIP archive (${detail}).`, "Download the export again, or unzip it yourself and upload the CSV files.");

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (offset: number) => view.getUint16(offset, true);
  const u32 = (offset: number) => view.getUint32(offset, true);

  // The end-of-central-directory record sits in the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return damaged("its table of contents is missing; the file may be cut off");
  const entryCount = u16(eocd + 10);
  const directorySize = u32(eocd + 12);
  const directoryOffset = u32(eocd + 16);
  if (entryCount === 0xffff || directoryOffset === 0xffffffff) {
    return fail(`${fileName} is a ZIP64 archive, which is only needed for files far larger than any export.`, "Unzip it and upload the CSV files, or zip them again with your system's built-in compression.");
  }
  if (entryCount > maxEntries) {
    return fail(`${fileName} holds ${entryCount} files; at most ${maxEntries} are accepted.`, "Upload a ZIP with only the backer report CSV files in it.");
  }
  if (directoryOffset + directorySize > bytes.length) return damaged("its table of contents points past the end of the file");

  const central: CentralEntry[] = [];
  let cursor = directoryOffset;
  for (let n = 0; n < entryCount; n++) {
    if (cursor + 46 > bytes.length || u32(cursor) !== 0x02014b50) return damaged("its table of contents is corrupt");
    const flags = u16(cursor + 8);
    const nameLength = u16(cursor + 28);
    const extraLength = u16(cursor + 30);
    const commentLength = u16(cursor + 32);
    const rawName = bytes.subarray(cursor + 46, cursor + 46 + nameLength);
    central.push({
      path: strFromU8(rawName, (flags & 0x800) === 0),
      flags,
      compression: u16(cursor + 10),
      compressedSize: u32(cursor + 20),
      size: u32(cursor + 24),
      localHeaderOffset: u32(cursor + 42),
    });
    cursor += 46 + nameLength + extraLength + commentLength;
  }

  const office = OFFICE_DOCUMENTS.find((document) => document.test(central.map((entry) => entry.path)));
  if (office) {
    return fail(
      `${fileName} is ${office.description}, not a CSV file or a ZIP of CSV files.`,
      'Open it in Excel, Numbers or Google Sheets and save or download it as "CSV UTF-8".',
    );
  }

  const warnings: FileProblem[] = [];
  const wanted: CentralEntry[] = [];
  for (const entry of central) {
    const name = entry.path.split("/").pop() ?? entry.path;
    if (entry.path.endsWith("/") || entry.path.startsWith("__MACOSX/") || name.startsWith("._") || name === ".DS_Store") continue;
    if (!accept(name)) {
      warnings.push({
        file: `${fileName} › ${entry.path}`,
        message: `${entry.path} in ${fileName} is not a CSV file and was skipped.`,
        fix: "Nothing to do if it is not part of the backer report.",
        severity: "warning",
      });
      continue;
    }
    if (entry.flags & 0x1) {
      return fail(`${entry.path} in ${fileName} is password-protected.`, "Zip the files again without a password, or upload the CSV files directly.");
    }
    if (entry.compression !== 0 && entry.compression !== 8) {
      return fail(`${entry.path} in ${fileName} uses a compression method this site cannot read (method ${entry.compression}).`, 'Zip the files again with "Compress" (Windows: "Send to › Compressed folder"), or upload the CSV files directly.');
    }
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) {
      return fail(`${entry.path} in ${fileName} is stored in ZIP64 format.`, "Unzip it and upload the CSV files directly.");
    }
    wanted.push(entry);
  }

  const declaredTotal = wanted.reduce((sum, entry) => sum + entry.size, 0);
  const spent = maxTotalBytes - budget.remaining;
  const tooLarge = (total: number, atLeast: boolean) =>
    fail(
      spent > 0
        ? `${fileName} unpacks to ${atLeast ? "more than " : ""}${formatByteSize(total)}, and the files before it in this upload to ${formatByteSize(spent)}; the limit for one upload is ${formatByteSize(maxTotalBytes)}.`
        : `${fileName} unpacks to ${atLeast ? "more than " : ""}${formatByteSize(total)}; the limit is ${formatByteSize(maxTotalBytes)}.`,
      "Upload fewer or smaller files at a time.",
    );
  if (declaredTotal > budget.remaining) return tooLarge(declaredTotal, false);
  const entryTooLarge = (entry: CentralEntry, size: number, atLeast: boolean) =>
    fail(
      `${entry.path} in ${fileName} unpacks to ${atLeast ? "more than " : ""}${formatByteSize(size)}; the limit is ${formatByteSize(maxEntryBytes)} per file.`,
      "Split it into smaller files (for example one per reward) and zip them again.",
    );
  const oversizedEntry = wanted.find((entry) => entry.size > maxEntryBytes);
  if (oversizedEntry) return entryTooLarge(oversizedEntry, oversizedEntry.size, false);

  const entries: ZipEntry[] = [];
  for (const entry of wanted) {
    const local = entry.localHeaderOffset;
    if (local + 30 > bytes.length || u32(local) !== 0x04034b50) return damaged(`the entry ${entry.path} is corrupt`);
    const dataStart = local + 30 + u16(local + 26) + u16(local + 28);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > bytes.length) return damaged(`the entry ${entry.path} is cut off`);
    const compressed = bytes.subarray(dataStart, dataEnd);

    let output: Uint8Array;
    if (entry.compression === 0) {
      if (compressed.length > budget.remaining) return tooLarge(maxTotalBytes, true);
      output = compressed;
      budget.remaining -= output.length;
    } else {
      const inflated: InflateOutcome = yield { compressed, limits: { declaredSize: entry.size, maxEntryBytes, budget } };
      if (!inflated.ok) {
        switch (inflated.reason) {
          case "entry":
            return entryTooLarge(entry, maxEntryBytes, true);
          case "total":
            return tooLarge(maxTotalBytes - spent, true);
          case "declared":
            return damaged(`${entry.path} unpacks to more than the ${formatByteSize(entry.size)} it declares, which is how ZIP bombs work`);
          case "corrupt":
            return damaged(`${entry.path} could not be decompressed`);
        }
      }
      output = inflated.bytes;
    }
    if (output.length !== entry.size) {
      return damaged(`${entry.path} holds ${formatByteSize(output.length)} but declares ${formatByteSize(entry.size)}`);
    }
    const name = entry.path.split("/").pop() ?? entry.path;
    entries.push({ path: entry.path, name, displayName: `${fileName} › ${entry.path}`, bytes: output });
  }

  if (entries.length === 0) {
    return fail(`${fileName} holds no CSV files.`, "Upload the ZIP that Kickstarter's backer report export produces, or the CSV files themselves.");
  }
  return { ok: true, entries, warnings };
}
