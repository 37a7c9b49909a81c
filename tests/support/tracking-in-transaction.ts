import { runInTransaction } from "@/lib/db/run-in-transaction";
import { addTrackingNumberOrThrow } from "@/lib/tracking/add-tracking-number";
import { applyTrackingUploadOrThrow, TRACKING_APPLY_TRANSACTION, type ApplyTrackingUploadInput } from "@/lib/tracking/apply-tracking-upload";

/** The tracking apply as its callers run it: in a transaction of its own, opened with runInTransaction. */
export function applyTrackingUpload(input: ApplyTrackingUploadInput) {
  return runInTransaction((tx) => applyTrackingUploadOrThrow(tx, input), TRACKING_APPLY_TRANSACTION);
}

/** The row menu's "Add tracking number" as its action runs it: in a transaction of its own. */
export function addTrackingNumber(input: Parameters<typeof addTrackingNumberOrThrow>[1]) {
  return runInTransaction((tx) => addTrackingNumberOrThrow(tx, input));
}
