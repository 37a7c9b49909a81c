import type { PledgeCreditEntry } from "./get-pledge-summary";

/**
 * A line of the credit ledger in plain words. An incentive's credit that was later undone says so
 * next to the gift, and the cancelling entry says the creator took it back, instead of a bare
 * "Undone: …" beside a negative amount.
 */
export function describeCreditEntry(
  entry: Pick<PledgeCreditEntry, "amount" | "reason" | "incentiveName" | "undoneAt">,
  viewer: "backer" | "member",
): { title: string; note: string | null } {
  if (entry.incentiveName === null || entry.undoneAt === null) return { title: entry.reason, note: null };
  const name = `“${entry.incentiveName}”`;
  if (entry.amount < 0) {
    return {
      title: viewer === "backer" ? `The creator took back ${name}` : `${name} was undone`,
      note:
        viewer === "backer"
          ? "The creator withdrew this credit, so it no longer counts towards your balance."
          : "The incentive was undone, so this credit no longer counts towards the balance.",
    };
  }
  return {
    title: entry.reason,
    note: viewer === "backer" ? "Later taken back by the creator (see below)." : "Later undone (see below).",
  };
}

/** Why a free item is no longer on the pledge, in plain words. */
export function describeWithdrawnItem(incentiveName: string, viewer: "backer" | "member"): string {
  return viewer === "backer"
    ? `The creator took back the gift “${incentiveName}”: it is no longer part of your reward.`
    : `The incentive “${incentiveName}” was undone: the item is no longer part of this pledge.`;
}
