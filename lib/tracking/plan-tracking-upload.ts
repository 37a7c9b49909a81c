import "server-only";
import { createHash } from "node:crypto";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import type { prisma, Tx } from "@/lib/db/client";
import { loadTrackingBackers, TRACKING_KEY_FILTER_LIMIT, type TrackingBackerKeys } from "./load-tracking-backers";
import { matchTrackingRows, parseBackerNumberCell, type TrackingPlan } from "./match-tracking-rows";
import type { TrackingFile, TrackingFileRow } from "./read-tracking-file";
import type { TrackingUploadChoices } from "./tracking-upload-types";

export type PlanTrackingUploadOptions = {
  /** Build the per-backer changes and load the names their emails need (the apply); the preview needs neither. */
  forApply?: boolean;
};

/**
 * Matches a read tracking file against the project's backers as they are now (inside `db`'s
 * transaction when one is given). Returns null for a file that could not be read.
 */
export async function planTrackingUpload(
  db: Tx | typeof prisma,
  projectId: string,
  file: TrackingFile,
  selection: BackerSelection,
  choices: TrackingUploadChoices,
  { forApply = false }: PlanTrackingUploadOptions = {},
): Promise<TrackingPlan | null> {
  if (!file.ok) return null;
  const backers = await loadTrackingBackers(db, projectId, selection, trackingBackerKeys(file.rows), { withNames: forApply });
  return matchTrackingRows(file.rows, backers, { fileName: file.fileName, ...choices, collectChanges: forApply });
}

/**
 * The backer numbers and emails of the rows that have a tracking number, or null for a file so
 * large that loading every backer is cheaper anyway (which is always correct, only slower).
 */
function trackingBackerKeys(rows: readonly TrackingFileRow[]): TrackingBackerKeys | null {
  const numbers = new Set<number>();
  const emails = new Set<string>();
  for (const row of rows) {
    if (row.trackingNumber.trim() === "") continue;
    const number = parseBackerNumberCell(row.backerNumber);
    if (typeof number === "number") numbers.add(number);
    const email = row.email.trim().toLowerCase();
    if (email) emails.add(email);
    if (numbers.size + emails.size > TRACKING_KEY_FILTER_LIMIT) return null;
  }
  return { backerNumbers: [...numbers], emails: [...emails] };
}

/** sha256 of uploaded bytes. */
export function hashTrackingFile(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
