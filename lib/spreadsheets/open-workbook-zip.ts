import { Inflate, strFromU8 } from "fflate";

/** One part of a workbook's ZIP package, as its table of contents describes it. */
export type WorkbookPart = {
  path: string;
  flags: number;
  compression: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
};

export type WorkbookZip = { ok: true; parts: Map<string, WorkbookPart> } | { ok: false; reason: string };

/** Most parts a workbook package may list; Excel's own files hold a few dozen. */
export const MAX_WORKBOOK_PARTS = 2000;

/**
 * Reads the table of contents of a workbook's ZIP package (bytes already in memory), without
 * inflating anything. Refuses ZIP64 and damaged directories; the caller checks sizes and names.
 */
export function openWorkbookZip(bytes: Uint8Array): WorkbookZip {
  if (bytes.length < 22) return { ok: false, reason: "it is cut off" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: "its table of contents is missing; the file may be cut off" };
  const count = view.getUint16(eocd + 10, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff)
    return {
      ok: false,
      reason: "it is stored in ZIP64 format, which no spreadsheet application writes for a file this size",
    };
  if (count > MAX_WORKBOOK_PARTS)
    return { ok: false, reason: `it lists ${count.toLocaleString("en-US")} parts; a workbook has a few dozen` };
  const parts = new Map<string, WorkbookPart>();
  let cursor = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (cursor + 46 > bytes.length || view.getUint32(cursor, true) !== 0x02014b50)
      return { ok: false, reason: "its table of contents is corrupt" };
    const flags = view.getUint16(cursor + 8, true);
    const nameLength = view.getUint16(cursor + 28, true);
    const path = strFromU8(bytes.subarray(cursor + 46, cursor + 46 + nameLength), (flags & 0x800) === 0);
    const part: WorkbookPart = {
      path,
      flags,
      compression: view.getUint16(cursor + 10, true),
      compressedSize: view.getUint32(cursor + 20, true),
      size: view.getUint32(cursor + 24, true),
      localHeaderOffset: view.getUint32(cursor + 42, true),
    };
    if (part.size === 0xffffffff || part.compressedSize === 0xffffffff)
      return { ok: false, reason: "it is stored in ZIP64 format" };
    // Part names are case-insensitive in Office packages.
    parts.set(path.replace(/^\//, "").toLowerCase(), part);
    cursor += 46 + nameLength + view.getUint16(cursor + 30, true) + view.getUint16(cursor + 32, true);
  }
  return { ok: true, parts };
}

/** Thrown by `inflateWorkbookPart` when a part would unpack past its limit. */
export class WorkbookPartTooLarge extends Error {
  constructor(
    readonly part: WorkbookPart,
    /** True when the part produced more than its directory entry declared (a lying ZIP bomb). */
    readonly lied: boolean,
  ) {
    super(`${part.path} unpacks past its limit`);
  }
}

/** Thrown by `inflateWorkbookPart` when a part cannot be decompressed. */
export class WorkbookPartDamaged extends Error {}

/** Compressed bytes inflated between two yields of `inflateWorkbookPart`. */
export const WORKBOOK_CHUNK_BYTES = 64 * 1024;

/**
 * Inflates one part a small chunk at a time, handing each decompressed chunk to `onChunk` and
 * stopping the moment the part produces more than it declared or more than `maxBytes`, so a ZIP
 * bomb costs at most `maxBytes` of work and never that much memory. A generator: it yields after
 * each compressed chunk, so a caller can turn rows parsed so far into work (or yield to other requests).
 */
export function* inflateWorkbookPart(
  bytes: Uint8Array,
  part: WorkbookPart,
  maxBytes: number,
  onChunk: (chunk: Uint8Array) => void,
): Generator<void> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = part.localHeaderOffset;
  if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50)
    throw new WorkbookPartDamaged(`${part.path} is corrupt`);
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const end = start + part.compressedSize;
  if (end > bytes.length) throw new WorkbookPartDamaged(`${part.path} is cut off`);
  const limit = Math.min(part.size, maxBytes);
  let produced = 0;
  const take = (chunk: Uint8Array) => {
    produced += chunk.length;
    if (produced > limit) throw new WorkbookPartTooLarge(part, produced > part.size);
    onChunk(chunk);
  };
  if (part.compression === 0) {
    for (let offset = start; offset < end; offset += WORKBOOK_CHUNK_BYTES) {
      take(bytes.subarray(offset, Math.min(offset + WORKBOOK_CHUNK_BYTES, end)));
      yield;
    }
    return;
  }
  if (part.compression !== 8) throw new WorkbookPartDamaged(`${part.path} uses compression method ${part.compression}`);
  const inflate = new Inflate(take);
  for (let offset = start; offset < end || offset === start; offset += WORKBOOK_CHUNK_BYTES) {
    const stop = Math.min(offset + WORKBOOK_CHUNK_BYTES, end);
    try {
      inflate.push(bytes.subarray(offset, stop), stop === end);
    } catch (error) {
      // fflate's own errors carry a numeric code; anything else was thrown by `onChunk` and is the caller's.
      if (error instanceof Error && typeof (error as { code?: unknown }).code === "number")
        throw new WorkbookPartDamaged(`${part.path} could not be decompressed`);
      throw error;
    }
    yield;
    if (stop === end) break;
  }
}
