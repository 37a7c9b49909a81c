import "server-only";
import { createHash } from "node:crypto";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import type { prisma, Tx } from "@/lib/db/client";
import { loadTrackingBackers } from "./load-tracking-backers";
import { matchTrackingRows, parseBackerNumberCell, type TrackingPlan } from "./match-tracking-rows";
import type { TrackingFile } from "./read-tracking-file";
import type { TrackingUploadChoices } from "./tracking-upload-types";

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
): Promise<TrackingPlan | null> {
  if (!file.ok) return null;
  const numbers = new Set<number>();
  const emails = new Set<string>();
  for (const row of file.rows) {
    if (row.trackingNumber.trim() === "") continue;
    const number = parseBackerNumberCell(row.backerNumber);
    if (typeof number === "number") numbers.add(number);
    const email = row.email.trim().toLowerCase();
    if (email) emails.add(email);
  }
  const backers = await loadTrackingBackers(db, projectId, selection, { backerNumbers: [...numbers], emails: [...emails] });
  return matchTrackingRows(file.rows, backers, { fileName: file.fileName, ...choices });
}

/** A fingerprint of what a plan would write, so the apply can prove it does what the preview showed. */
export function digestTrackingPlan(plan: TrackingPlan): string {
  const hash = createHash("sha256");
  const { summary } = plan;
  hash.update(`${summary.errorRows}|${summary.unchangedBackers}|${summary.skippedBackers}\n`);
  for (const change of plan.changes) {
    hash.update(`${change.pledgeId}|${change.outcome}|${change.supersede.join(",")}|`);
    for (const pkg of change.add) hash.update(`${pkg.trackingNumber}:${pkg.carrier ?? ""}:${pkg.trackingUrl ?? ""};`);
    hash.update("\n");
  }
  return hash.digest("hex");
}

/** sha256 of uploaded bytes. */
export function hashTrackingFile(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
