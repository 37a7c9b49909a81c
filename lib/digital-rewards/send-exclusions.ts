// Shared by the send dialog (a client component) and the send plan: no server-only imports here.

/**
 * Which selected pledges a send skips because their payment did not go through. Both on unless the
 * creator turns them off: a code given away is spent, and an unpaid pledge would keep it.
 */
export type DigitalRewardSendExclusions = { failedPayments: boolean; droppedPledges: boolean };
export type DigitalRewardSendExclusionKey = keyof DigitalRewardSendExclusions;

export const DEFAULT_SEND_EXCLUSIONS: DigitalRewardSendExclusions = { failedPayments: true, droppedPledges: true };

/** How each exclusion is named in the send preview, in the incentive preview's words. */
export const SEND_EXCLUSION_LABELS: Record<DigitalRewardSendExclusionKey, string> = {
  failedPayments: "Failed and errored payments",
  droppedPledges: "Dropped and refunded pledges",
};

export const EXCLUDED_STATUSES: Record<DigitalRewardSendExclusionKey, readonly string[]> = {
  failedPayments: ["FAILED", "ERRORED"],
  droppedPledges: ["DROPPED", "REFUNDED"],
};
