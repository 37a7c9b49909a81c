import "server-only";
import { createHash } from "node:crypto";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import type { prisma, Tx } from "@/lib/db/client";
import { createTimeSlicer } from "@/lib/node/create-time-slicer";
import { loadTrackingBackers, TRACKING_KEY_FILTER_LIMIT, type TrackingBackerKeys } from "./load-tracking-backers";
import { createTrackingMatcher, parseBackerNumberCell, type TrackingMatcher, type TrackingPlan } from "./match-tracking-rows";
import { streamTrackingFile, type StreamedTrackingFile, type TrackingFileRow } from "./read-tracking-file";
import type { TrackingUploadChoices } from "./tracking-upload-types";

export type PlanTrackingUploadOptions = {
  /** Build the per-backer changes and load the names their emails need (the apply); the preview needs neither. */
  forApply?: boolean;
  /** How much of a large file is read and matched, now and then. */
  onProgress?: (done: number, total: number) => void;
};

/** What planTrackingUpload read (without the rows, which are let go as they are matched) and decided. */
export type PlannedTrackingUpload =
  | { file: Extract<StreamedTrackingFile, { ok: true }>; plan: TrackingPlan }
  | { file: Extract<StreamedTrackingFile, { ok: false }>; plan: null };

/** Longest stretch of matching before other requests get their turn. */
const SLICE_MS = 15;

/**
 * Reads an uploaded tracking file and matches it against the project's backers as they are now
 * (inside `db`'s transaction when one is given). A large file is parsed and matched a few
 * thousand rows at a time, giving way to other requests in between (a quarter-million-row file
 * must not stall every other page this process serves), and its rows are let go once matched.
 *
 * A file that names at most TRACKING_KEY_FILTER_LIMIT backer numbers and emails loads only those
 * backers; past that, every backer is loaded and the rows read so far are matched, then the rest
 * as they come.
 */
export async function planTrackingUpload(
  db: Tx | typeof prisma,
  projectId: string,
  upload: { bytes: Uint8Array; fileName: string },
  selection: BackerSelection,
  choices: TrackingUploadChoices,
  { forApply = false, onProgress }: PlanTrackingUploadOptions = {},
): Promise<PlannedTrackingUpload> {
  const matchOptions = { fileName: upload.fileName, ...choices, collectChanges: forApply };
  const createMatcher = async (keys: TrackingBackerKeys | null) =>
    createTrackingMatcher(await loadTrackingBackers(db, projectId, selection, keys, { forApply }), matchOptions);
  const slicer = createTimeSlicer(SLICE_MS);
  const feed = async (matcher: TrackingMatcher, rows: (TrackingFileRow | undefined)[]) => {
    for (let index = 0; index < rows.length; index++) {
      matcher.add(rows[index]!);
      rows[index] = undefined;
      if (index % 256 === 255 && slicer.due()) await slicer.giveWay();
    }
    rows.length = 0;
  };

  // Rows are held only until the backers they need are known.
  let matcher: TrackingMatcher | null = null;
  const early: (TrackingFileRow | undefined)[] = [];
  const keys = new KeyCollector();
  const file = await streamTrackingFile(
    upload.bytes,
    upload.fileName,
    (row) => {
      if (matcher) matcher.add(row);
      else {
        early.push(row);
        keys.add(row);
      }
    },
    async (read, total) => {
      onProgress?.(read, total);
      if (!matcher && keys.size > TRACKING_KEY_FILTER_LIMIT) {
        const all = await createMatcher(null);
        await feed(all, early);
        matcher = all;
        // Its keys are slices of the file's first pieces of text, which they would keep alive.
        keys.clear();
      }
      await slicer.giveWay();
    },
  );
  if (!file.ok) return { file, plan: null };
  if (!matcher) {
    const found = await createMatcher(keys.size > TRACKING_KEY_FILTER_LIMIT ? null : keys.toKeys());
    await feed(found, early);
    matcher = found;
  }
  const steps = (matcher as TrackingMatcher).finish();
  for (;;) {
    const step = steps.next();
    if (step.done) return { file, plan: step.value };
    if (slicer.due()) await slicer.giveWay();
  }
}

/** The backer numbers and emails of the rows that have a tracking number. */
class KeyCollector {
  private numbers = new Set<number>();
  private emails = new Set<string>();

  get size(): number {
    return this.numbers.size + this.emails.size;
  }

  add(row: TrackingFileRow): void {
    // Past the limit every backer is loaded anyway.
    if (row.trackingNumber.trim() === "" || this.size > TRACKING_KEY_FILTER_LIMIT) return;
    const number = parseBackerNumberCell(row.backerNumber);
    if (typeof number === "number") this.numbers.add(number);
    const email = row.email.trim().toLowerCase();
    if (email) this.emails.add(email);
  }

  clear(): void {
    this.numbers.clear();
    this.emails.clear();
  }

  toKeys(): TrackingBackerKeys {
    return { backerNumbers: [...this.numbers], emails: [...this.emails] };
  }
}

/** sha256 of uploaded bytes. */
export function hashTrackingFile(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
