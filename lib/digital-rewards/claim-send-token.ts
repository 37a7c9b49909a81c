import "server-only";
import type { Tx } from "@/lib/db/client";
import { lockForTransaction } from "@/lib/db/lock-for-transaction";

/**
 * Makes a send token single-use inside the caller's transaction: a transaction-scoped advisory lock
 * on the token serialises a double click or a retry with the first attempt, and the audit event
 * the first attempt wrote (same transaction as its writes) tells the second it already happened.
 * Returns that audit event's details when the token was used, null when this is the first use.
 */
export async function claimSendToken(
  tx: Tx,
  projectId: string,
  token: string,
): Promise<Record<string, unknown> | null> {
  await lockForTransaction(tx, "digital-reward-send", token);
  const previous = await tx.$queryRaw<{ details: Record<string, unknown> }[]>`
    SELECT details FROM audit_event
    WHERE project_id = ${projectId}::uuid AND action LIKE 'digital-reward.%' AND details->>'sendToken' = ${token}
    LIMIT 1`;
  return previous[0]?.details ?? null;
}
