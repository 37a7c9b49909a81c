import "server-only";
import type { Prisma } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db/client";
import type { TransactionOptions } from "@/lib/db/run-in-transaction";
import { DomainError } from "@/lib/errors";
import { hashTrackingFile, streamTrackingUploadPlan } from "./plan-tracking-upload";
import type { TrackingUploadInput } from "./preview-tracking-upload";
import type { TrackingApplyProgress, TrackingUploadPreview, TrackingUploadResult } from "./tracking-upload-types";
import { writeTrackingChanges } from "./write-tracking-changes";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";
import { lockForTransaction } from "@/lib/db/lock-for-transaction";

export type ApplyTrackingUploadInput = TrackingUploadInput & {
  actorId: string | null;
  /** The preview's fingerprint: refuse (CONFLICT) when the plan no longer matches what was shown. */
  expectedFingerprint?: string | null;
  /** Leave out the rows with errors (and their backers) instead of refusing the whole file. */
  skipProblemRows?: boolean;
  onProgress?: (progress: Extract<TrackingApplyProgress, { type: "progress" }>) => void;
  /** Changes written per round (see writeTrackingChanges); only tests set it. */
  writeSliceSize?: number;
  /** Changes planned per round (see streamTrackingUploadPlan); only tests set it. */
  changeRound?: number;
};

/** Thrown (as CONFLICT) when the backers changed between preview and apply; carries the new preview. */
export class TrackingPlanChangedError extends DomainError {
  constructor(readonly preview: TrackingUploadPreview) {
    super(
      "CONFLICT",
      "The backers or their tracking numbers changed since this preview (another upload may have run meanwhile). Nothing was changed; check the updated preview and apply again.",
    );
  }
}

/**
 * What the caller's runInTransaction needs for an apply: at 250,000 backers it takes about a
 * minute, far past Prisma's default 5 s.
 */
export const TRACKING_APPLY_TRANSACTION: TransactionOptions = { timeout: 10 * 60_000, maxWait: 30_000 };

/**
 * "Add tracking numbers": applies an uploaded tracking file in one transaction — supersedes the
 * replaced numbers, adds the new shipments, queues one email per backer whose number is new or
 * changed, and records an import and an audit event — or changes nothing at all. Uploads for one
 * project run one at a time, and the file is matched again inside the transaction, so the plan is
 * the database's current truth; with `expectedFingerprint` it must also be exactly the previewed
 * one. Applying the same file again finds every number already saved and writes nothing.
 * Runs in the caller's transaction `tx` (open it with runInTransaction and
 * TRACKING_APPLY_TRANSACTION), which a refusal must roll back: rounds are written before the plan
 * is known to allow them.
 */
export async function applyTrackingUploadOrThrow(tx: Tx, input: ApplyTrackingUploadInput): Promise<TrackingUploadResult> {
  const progress = input.onProgress ?? (() => {});
  const fileHash = hashTrackingFile(input.bytes);
  const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { name: true, timeZone: true } });
  if (!project) throw new DomainError("NOT_FOUND", "This project does not exist.");
  // One tracking upload per project at a time: two concurrent applies would each plan against
  // the state before the other and could both replace the same number.
  await lockForTransaction(tx, "tracking", input.projectId);
  // The file is read and matched in one pass (see streamTrackingUploadPlan), so reading and
  // matching are one step, measured in characters read.
  progress({ type: "progress", step: "matching", done: 0, total: 1 });
  const streamed = await streamTrackingUploadPlan(tx, input.projectId, input, input.selection, input, {
    changeRound: input.changeRound,
    onProgress: (done, total) => progress({ type: "progress", step: "matching", done, total }),
  });
  if (!streamed.finish) {
    throw new DomainError("INVALID_INPUT", `${input.fileName} cannot be read: ${streamed.file.problems.find((p) => p.severity === "error")?.message ?? "unknown problem"}`);
  }
  progress({ type: "progress", step: "matching", done: 1, total: 1 });
  // The changes are written round by round as they are planned, so a quarter of a million of
  // them are never held at once. Whether they may be written (the fingerprint, the problem rows)
  // is known only once every change is planned: a refusal below throws, and the rollback undoes
  // the rounds written. A write that failed is reported only when the plan itself allowed the
  // writes: a changed plan or a problem row says more than the aborted transaction it left.
  const writing = await writeTrackingChanges(tx, {
    projectId: input.projectId,
    projectName: project.name,
    projectTimeZone: project.timeZone,
    actorId: input.actorId,
    changes: streamed.changes,
    expectedChanges: streamed.maxChanges,
    sliceSize: input.writeSliceSize,
    keepShipmentIds: false,
    onProgress: (step, done, total) => progress({ type: "progress", step, done, total }),
  }).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const plan = await streamed.finish();
  const { file } = streamed;
  const { fingerprint } = plan;
  if (input.expectedFingerprint && input.expectedFingerprint !== fingerprint) {
    throw new TrackingPlanChangedError({
      fileName: input.fileName,
      fileHash,
      readable: true,
      summary: plan.summary,
      problems: [...file.problems, ...plan.problems],
      fingerprint,
    });
  }
  if (plan.summary.errorRows > 0 && !input.skipProblemRows) {
    const rows = plan.summary.errorRows;
    throw new DomainError(
      "INVALID_INPUT",
      `${rows.toLocaleString("en-US")} ${rows === 1 ? "row has a problem" : "rows have problems"} that must be fixed first (see the preview). Nothing was changed.`,
    );
  }
  if (!writing.ok) throw writing.error;
  const written = writing.value;

  if (written.changes === 0) {
    // Nothing new (typically the same file again): no shipment, no email, no record.
    return { importId: null, summary: plan.summary, shipmentsAdded: 0, shipmentsSuperseded: 0, emailsQueued: 0, skippedProblemRows: plan.summary.errorRows };
  }
  progress({ type: "progress", step: "saving", done: 0, total: 1 });

  const summaryJson = { ...plan.summary, fingerprint, skipExisting: input.skipExisting, separatePackages: input.separatePackages };
  const record = await tx.import.create({
    data: {
      projectId: input.projectId,
      kind: "TRACKING",
      status: "APPLIED",
      fileName: input.fileName,
      fileHash,
      rowCount: plan.summary.rows,
      summary: summaryJson as Prisma.InputJsonValue,
      createdById: input.actorId,
      appliedAt: new Date(),
    },
    select: { id: true },
  });
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    action: "tracking.upload",
    targetCount: written.changes,
    details: {
      importId: record.id,
      fileName: input.fileName,
      newBackers: plan.summary.newBackers,
      replacedBackers: plan.summary.replacedBackers,
      addedBackers: plan.summary.addedBackers,
      unchangedBackers: plan.summary.unchangedBackers,
      skippedBackers: plan.summary.skippedBackers,
      shipmentsAdded: written.shipmentsAdded,
      shipmentsSuperseded: written.shipmentsSuperseded,
      emailsQueued: written.emailsQueued,
      skipExisting: input.skipExisting,
      separatePackages: input.separatePackages,
      skippedProblemRows: plan.summary.errorRows,
    },
  });
  const result = {
    importId: record.id,
    summary: plan.summary,
    shipmentsAdded: written.shipmentsAdded,
    shipmentsSuperseded: written.shipmentsSuperseded,
    emailsQueued: written.emailsQueued,
    skippedProblemRows: plan.summary.errorRows,
  };
  progress({ type: "progress", step: "saving", done: 1, total: 1 });
  return result;
}
