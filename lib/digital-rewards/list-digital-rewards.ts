import "server-only";
import { prisma } from "@/lib/db/client";
import type { DigitalRewardKind } from "@/lib/db/generated/enums";

export type DigitalRewardSummary = {
  id: string;
  name: string;
  kind: DigitalRewardKind;
  sharedValue: string | null;
  instructions: string | null;
  codesCaseSensitive: boolean;
  /** Backers sent this reward. */
  sentCount: number;
  /** Unused codes in the bank (always 0 for shared rewards). */
  codesLeft: number;
  /** Pledges of the project that have not received it yet. */
  notYetSentCount: number;
};

/** The project's digital rewards, by name, with how many were sent and how many bank codes are left. */
export async function listDigitalRewards(projectId: string): Promise<DigitalRewardSummary[]> {
  const rows = await prisma.$queryRaw<
    {
      id: string;
      name: string;
      kind: DigitalRewardKind;
      shared_value: string | null;
      instructions: string | null;
      codes_case_sensitive: boolean;
      sent: number;
      left: number;
      pledges: number;
    }[]
  >`
    SELECT r.id, r.name, r.kind, r.shared_value, r.instructions, r.codes_case_sensitive,
           (SELECT count(*)::int FROM digital_reward_delivery d WHERE d.digital_reward_id = r.id) AS sent,
           (SELECT count(*)::int FROM digital_code c WHERE c.digital_reward_id = r.id AND c.pledge_id IS NULL) AS left,
           (SELECT count(*)::int FROM pledge p WHERE p.project_id = r.project_id) AS pledges
    FROM digital_reward r
    WHERE r.project_id = ${projectId}::uuid
    ORDER BY lower(r.name), r.id`;
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    sharedValue: row.shared_value,
    instructions: row.instructions,
    codesCaseSensitive: row.codes_case_sensitive,
    sentCount: row.sent,
    codesLeft: row.left,
    notYetSentCount: Math.max(0, row.pledges - row.sent),
  }));
}
