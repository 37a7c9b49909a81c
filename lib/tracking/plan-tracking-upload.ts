import "server-only";
import { createHash } from "node:crypto";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import type { prisma, Tx } from "@/lib/db/client";
import { createTimeSlicer } from "@/lib/node/create-time-slicer";
import { completeTrackingChanges } from "./complete-tracking-changes";
import { findTrackingNumbersSavedForOthers } from "./find-tracking-numbers-saved-for-others";
import { loadTrackingBackers, TRACKING_KEY_FILTER_LIMIT, type TrackingBackerKeys } from "./load-tracking-backers";
import {
  createTrackingMatcher,
  parseBackerNumberCell,
  type PlannedBackerChange,
  type SavedTrackingNumbers,
  type TrackingMatcher,
  type TrackingPlan,
} from "./match-tracking-rows";
import { streamTrackingFile, trackingFileLabel, type StreamedTrackingFile, type TrackingFileRow } from "./read-tracking-file";
import type { TrackingUploadChoices } from "./tracking-upload-types";

export type PlanTrackingUploadOptions = {
  /** Build the per-backer changes (the apply; the preview needs none). */
  forApply?: boolean;
  /** Changes per round of streamTrackingUploadPlan (default CHANGE_ROUND); tests use a few. */
  changeRound?: number;
  /** How much of a large file is read and matched, now and then. */
  onProgress?: (done: number, total: number) => void;
  /** Keep each row's issues in the plan's `rowIssues` (the problem-rows export; see MatchTrackingOptions.keepRowIssues). */
  withRowIssues?: boolean;
};

/** What planTrackingUpload read (without the rows, which are let go as they are matched) and decided. */
export type PlannedTrackingUpload =
  | { file: Extract<StreamedTrackingFile, { ok: true }>; plan: TrackingPlan }
  | { file: Extract<StreamedTrackingFile, { ok: false }>; plan: null };

/**
 * Rows read ahead of the backers while they load. Held rows outlive several collections of the
 * young generation, so they are promoted with the pieces of text their cells are cut from, and
 * the heap grows by a multiple of them until the next full collection (with 100,000 of them the
 * apply's heap passed 230 MB while the backers loaded). Reading waits for the backers past this many.
 */
const EARLY_ROWS_LIMIT = 20_000;

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
  upload: { bytes: Uint8Array; fileName: string; sheet?: string },
  selection: BackerSelection,
  choices: TrackingUploadChoices,
  options: PlanTrackingUploadOptions = {},
): Promise<PlannedTrackingUpload> {
  const matched = await matchTrackingUpload(db, projectId, upload, selection, choices, options, undefined);
  if (!("steps" in matched)) return { file: matched.file, plan: null };
  const { file, steps, slicer } = matched;
  for (;;) {
    const step = steps.next();
    if (step.done) return { file, plan: step.value };
    if (slicer.due()) await slicer.giveWay();
  }
}

/** Changes per round of streamTrackingUploadPlan: the writer's round (see writeTrackingChanges). */
const CHANGE_ROUND = 5_000;

/** planTrackingUpload for the apply, handing the changes out in rounds (see streamTrackingUploadPlan). */
export type StreamedTrackingUploadPlan =
  | {
      file: Extract<StreamedTrackingFile, { ok: true }>;
      /** The changes, a round at a time as they are planned; read once. */
      changes: AsyncIterable<readonly PlannedBackerChange[]>;
      /** At most this many changes (the backers the file's rows matched). */
      maxChanges: number;
      /** Plans whatever `changes` was not read for (discarding those changes) and returns the plan, whose `changes` is empty. */
      finish: () => Promise<TrackingPlan>;
    }
  | { file: Extract<StreamedTrackingFile, { ok: false }>; changes: null; maxChanges: 0; finish: null };

/**
 * planTrackingUpload with the changes (always built, as for the apply) handed out a round at a
 * time as they are planned instead of kept in the plan: an apply writes each round while the next
 * is planned, so a quarter of a million changes are never held at once. The summary, problems and
 * fingerprint cover every change, so they are known only once `changes` has been read to the end
 * (or `finish` planned the rest): a caller that writes as it reads must check them afterwards, in
 * the same transaction, and roll back when they forbid the writes.
 */
export async function streamTrackingUploadPlan(
  tx: Tx,
  projectId: string,
  upload: { bytes: Uint8Array; fileName: string; sheet?: string },
  selection: BackerSelection,
  choices: TrackingUploadChoices,
  options: Omit<PlanTrackingUploadOptions, "forApply"> = {},
): Promise<StreamedTrackingUploadPlan> {
  const matched = await matchTrackingUpload(tx, projectId, upload, selection, choices, { ...options, forApply: true }, options.changeRound ?? CHANGE_ROUND);
  if (!("steps" in matched)) return { file: matched.file, changes: null, maxChanges: 0, finish: null };
  const { file, steps, slicer, maxChanges } = matched;
  let plan: TrackingPlan | null = null;
  async function* rounds(): AsyncGenerator<readonly PlannedBackerChange[]> {
    while (plan === null) {
      const step = steps.next();
      if (step.done) plan = step.value;
      else if (step.value) {
        await completeTrackingChanges(tx, projectId, step.value);
        yield step.value;
      }
      if (slicer.due()) await slicer.giveWay();
    }
  }
  const changes = rounds();
  return {
    file,
    changes,
    maxChanges,
    async finish() {
      // Rounds nobody wrote (the writes failed part-way) are planned all the same, for the summary
      // and fingerprint, but not completed: after a failed statement the transaction reads nothing.
      await changes.return(undefined);
      while (plan === null) {
        const step = steps.next();
        if (step.done) plan = step.value;
        if (slicer.due()) await slicer.giveWay();
      }
      return plan;
    },
  };
}

type MatchedTrackingUpload =
  | {
      file: Extract<StreamedTrackingFile, { ok: true }>;
      steps: ReturnType<TrackingMatcher["finish"]>;
      slicer: ReturnType<typeof createTimeSlicer>;
      maxChanges: number;
    }
  | { file: Extract<StreamedTrackingFile, { ok: false }> };

/** Reads and matches the file; the plan is then made by the caller stepping through `steps`. */
async function matchTrackingUpload(
  db: Tx | typeof prisma,
  projectId: string,
  upload: { bytes: Uint8Array; fileName: string; sheet?: string },
  selection: BackerSelection,
  choices: TrackingUploadChoices,
  { forApply = false, onProgress, withRowIssues = false }: PlanTrackingUploadOptions,
  changeRound: number | undefined,
): Promise<MatchedTrackingUpload> {
  // Only the choices: callers pass their whole input, whose own fileName must not replace the label
  // that names a workbook's sheet ("tracking.xlsx › Sheet1").
  const matchOptions = {
    fileName: trackingFileLabel(upload.bytes, upload.fileName, upload.sheet),
    skipExisting: choices.skipExisting,
    separatePackages: choices.separatePackages,
    collectChanges: forApply,
    // The apply completes its changes a round at a time (see completeTrackingChanges).
    detailsLater: forApply,
    changeRound,
    keepRowIssues: withRowIssues,
  };
  const createMatcher = async (keys: TrackingBackerKeys | null) =>
    createTrackingMatcher(await loadTrackingBackers(db, projectId, selection, keys), matchOptions);
  const slicer = createTimeSlicer(SLICE_MS);
  const feed = async (matcher: TrackingMatcher, rows: (TrackingFileRow | undefined)[]) => {
    for (let index = 0; index < rows.length; index++) {
      matcher.add(rows[index]!);
      rows[index] = undefined;
      if (index % 256 === 255 && slicer.due()) await slicer.giveWay();
    }
    rows.length = 0;
  };

  // Rows are held only until the backers they need are known. Past TRACKING_KEY_FILTER_LIMIT
  // keys every backer is loaded, and the file goes on being read while Postgres gathers them
  // (about a second at 250,000 backers), up to EARLY_ROWS_LIMIT rows.
  // (Cast, not annotated: they are assigned in callbacks, which TypeScript's narrowing cannot see.)
  let matcher = null as TrackingMatcher | null;
  let loading = null as Promise<TrackingMatcher> | null;
  let loaded = null as TrackingMatcher | null;
  const early: (TrackingFileRow | undefined)[] = [];
  const keys = new KeyCollector();
  const switchToMatcher = async (found: TrackingMatcher) => {
    await feed(found, early);
    matcher = found;
  };
  const file = await streamTrackingFile(
    upload.bytes,
    upload.fileName,
    (row) => {
      if (matcher) matcher.add(row);
      else {
        early.push(row);
        if (!loading) keys.add(row);
      }
    },
    async (read, total) => {
      onProgress?.(read, total);
      if (!matcher && !loading && keys.size > TRACKING_KEY_FILTER_LIMIT) {
        loading = createMatcher(null);
        // Noted rather than awaited, so reading goes on meanwhile; a failure surfaces where it is awaited.
        loading.then((found) => (loaded = found), () => {});
        // Its keys are slices of the file's first pieces of text, which they would keep alive.
        keys.clear();
      }
      if (!matcher && loading && (loaded || early.length >= EARLY_ROWS_LIMIT)) await switchToMatcher(await loading);
      await slicer.giveWay();
    },
    undefined,
    { sheet: upload.sheet },
  );
  if (!file.ok) {
    // The backers loading, if any, are not needed; their query must not fail unobserved.
    await loading?.catch(() => {});
    return { file };
  }
  if (!matcher) await switchToMatcher(await (loading ?? createMatcher(keys.size > TRACKING_KEY_FILTER_LIMIT ? null : keys.toKeys())));
  const saved: SavedTrackingNumbers = await findTrackingNumbersSavedForOthers(db, projectId, matcher!.numbersWithBackers());
  return { file, steps: matcher!.finish(saved), slicer, maxChanges: matcher!.backerCount() };
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
