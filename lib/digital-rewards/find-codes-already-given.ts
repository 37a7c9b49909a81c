import "server-only";
import type { prisma, Tx } from "@/lib/db/client";

export type CodeAlreadyGiven = {
  /** The code as it appears in the new list. */
  given: string;
  /** The code as the reward holds it (differs from `given` only in letter case). */
  value: string;
  /** Sent to a backer (true) or still in the bank. */
  assigned: boolean;
};

/**
 * Which of `codes` the reward already holds, sent or in the bank, ordered by the new code. Unless
 * the reward's codes are case-sensitive, a code matching an existing one in any letter case counts:
 * most key systems would redeem both as the same key. A hash join against the list, so a large bank
 * and a large upload cost one pass each.
 */
export async function findCodesAlreadyGiven(
  db: Tx | typeof prisma,
  reward: { id: string; codesCaseSensitive: boolean },
  codes: readonly string[],
  limit = 2_147_483_647,
): Promise<CodeAlreadyGiven[]> {
  if (codes.length === 0) return [];
  if (reward.codesCaseSensitive) {
    return db.$queryRaw<CodeAlreadyGiven[]>`
      SELECT c.value AS given, c.value, c.pledge_id IS NOT NULL AS assigned FROM digital_code c
      WHERE c.digital_reward_id = ${reward.id}::uuid AND c.value = ANY(${codes as string[]}::text[])
      ORDER BY c.value LIMIT ${limit}`;
  }
  return db.$queryRaw<CodeAlreadyGiven[]>`
    SELECT u.value AS given, c.value, c.pledge_id IS NOT NULL AS assigned
    FROM digital_code c
    JOIN unnest(${codes as string[]}::text[]) AS u(value) ON lower(c.value) = lower(u.value)
    WHERE c.digital_reward_id = ${reward.id}::uuid
    ORDER BY u.value, c.value LIMIT ${limit}`;
}
