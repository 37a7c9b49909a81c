import { formatCount } from "@/components/ui/format";

/**
 * The question asked before an incentive is undone: what is taken back from how many pledges, and
 * what becomes of the emails about it, since a creator cannot recall a message already delivered.
 */
export function describeIncentiveUndo(incentive: {
  name: string;
  kind: "CREDIT" | "ITEM";
  grantedCount: number;
}): string {
  const what = incentive.kind === "CREDIT" ? "the credit is cancelled" : "the free item is removed";
  return (
    `Take “${incentive.name}” back from ${formatCount(incentive.grantedCount, "pledge")}? On each, ${what}, and their pledge summary says the creator took it back. ` +
    "Emails already sent about it stay in backers' inboxes, and no email is sent about the undo: tell backers yourself if they should know. " +
    "Emails about it that have not gone out yet are cancelled."
  );
}
