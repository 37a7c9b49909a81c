import "server-only";
import { prisma } from "@/lib/db/client";
import type { DigitalRewardKind } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { isUuid } from "@/lib/projects/is-uuid";

export type BackerDigitalRewards = {
  backer: { id: string; name: string; email: string; backerNumber: number | null; pledgeId: string | null };
  rewards: {
    id: string;
    name: string;
    kind: DigitalRewardKind;
    sharedValue: string | null;
    codesLeft: number;
    /** What this backer already has of the reward. */
    delivery: { value: string; sendCount: number; lastSentAt: Date } | null;
  }[];
};

/** One backer of the project and, for each digital reward, what they already received and the bank's codes left. */
export async function loadBackerDigitalRewardsOrThrow(
  projectId: string,
  backerId: string,
): Promise<BackerDigitalRewards> {
  const backer = isUuid(backerId)
    ? await prisma.backer.findFirst({
        where: { id: backerId, projectId },
        select: { id: true, name: true, email: true, backerNumber: true, pledge: { select: { id: true } } },
      })
    : null;
  if (!backer) throw new DomainError("NOT_FOUND", "This backer is not in this project.");
  const pledgeId = backer.pledge?.id ?? null;
  const rewards = await prisma.$queryRaw<
    {
      id: string;
      name: string;
      kind: DigitalRewardKind;
      shared_value: string | null;
      left: number;
      value: string | null;
      send_count: number | null;
      last_sent_at: Date | null;
    }[]
  >`
    SELECT r.id, r.name, r.kind, r.shared_value,
           (SELECT count(*)::int FROM digital_code c WHERE c.digital_reward_id = r.id AND c.pledge_id IS NULL) AS left,
           d.value, d.send_count, d.last_sent_at
    FROM digital_reward r
    LEFT JOIN digital_reward_delivery d ON d.digital_reward_id = r.id AND d.pledge_id = ${pledgeId}::uuid
    WHERE r.project_id = ${projectId}::uuid
    ORDER BY lower(r.name), r.id`;
  return {
    backer: { id: backer.id, name: backer.name, email: backer.email, backerNumber: backer.backerNumber, pledgeId },
    rewards: rewards.map((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      sharedValue: row.shared_value,
      codesLeft: row.left,
      delivery:
        row.value !== null ? { value: row.value, sendCount: row.send_count ?? 1, lastSentAt: row.last_sent_at! } : null,
    })),
  };
}
