import type { ImportPledgeStatus } from "./backer-import-types";

/**
 * Kickstarter's statuses and the words other platforms use for the same states. `canceled` is a
 * pledge the backer withdrew: no money was collected and nothing is owed, which is what DROPPED
 * means here, so it is read as DROPPED rather than refused.
 */
const STATUS_WORDS: Record<string, ImportPledgeStatus> = {
  collected: "COLLECTED",
  paid: "COLLECTED",
  complete: "COLLECTED",
  completed: "COLLECTED",
  charged: "COLLECTED",
  successful: "COLLECTED",
  errored: "ERRORED",
  error: "ERRORED",
  "payment error": "ERRORED",
  failed: "FAILED",
  "payment failed": "FAILED",
  declined: "FAILED",
  dropped: "DROPPED",
  canceled: "DROPPED",
  cancelled: "DROPPED",
  refunded: "REFUNDED",
  refund: "REFUNDED",
};

/** The words accepted, for messages. */
export const ACCEPTED_PLEDGE_STATUS_WORDS = ["collected", "errored", "failed", "dropped", "canceled", "refunded"];

/** A status cell → the stored status, or null when the word is not one we know. */
export function parsePledgeStatus(text: string): ImportPledgeStatus | null {
  return STATUS_WORDS[text.trim().toLowerCase().replace(/\s+/g, " ")] ?? null;
}
