/** A pledge level's kind as stored (mirrors the PledgeLevelKind enum; pure code needs no Prisma). */
export type PledgeLevelKindValue = "PHYSICAL" | "DIGITAL" | "NO_REWARD";

/** What an import saw of one pledge level's backers. */
export type PledgeLevelEvidence = {
  /** The platform marks it as its "No reward" pledge. */
  noReward: boolean;
  rows: number;
  /** Backers who paid a shipping amount above zero. */
  paidShipping: number;
  /** Backers who gave a street address. */
  gaveAddress: number;
};

export type PledgeLevelKindSuggestion = { kind: PledgeLevelKindValue; reason: string };

/**
 * The kind an import suggests for a new pledge level, with the reason the preview shows: the
 * platform's "No reward" is no reward; a level none of whose backers paid shipping or gave an
 * address is digital only; otherwise physical. A suggestion only: the creator confirms it.
 */
export function suggestPledgeLevelKind(evidence: PledgeLevelEvidence): PledgeLevelKindSuggestion {
  if (evidence.noReward) return { kind: "NO_REWARD", reason: "The platform calls it “No reward”." };
  if (evidence.rows > 0 && evidence.paidShipping === 0 && evidence.gaveAddress === 0) {
    return {
      kind: "DIGITAL",
      reason: `None of its ${evidence.rows === 1 ? "backer" : `${evidence.rows.toLocaleString("en-US")} backers`} paid shipping or gave an address.`,
    };
  }
  if (evidence.rows === 0) return { kind: "PHYSICAL", reason: "No backer in this file to judge by." };
  const shown = Math.max(evidence.paidShipping, evidence.gaveAddress);
  return {
    kind: "PHYSICAL",
    reason: `${shown.toLocaleString("en-US")} of its ${evidence.rows.toLocaleString("en-US")} ${evidence.rows === 1 ? "backer" : "backers"} ${evidence.paidShipping >= evidence.gaveAddress ? "paid shipping" : "gave an address"}.`,
  };
}
