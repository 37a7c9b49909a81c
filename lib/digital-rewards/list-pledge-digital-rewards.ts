import "server-only";
import { prisma } from "@/lib/db/client";
import type { DigitalRewardKind } from "@/lib/db/generated/enums";

export type PledgeDigitalReward = {
  rewardId: string;
  name: string;
  kind: DigitalRewardKind;
  value: string;
  instructions: string | null;
  firstSentAt: Date;
  lastSentAt: Date;
};

/**
 * The digital rewards sent to a pledge with the code or link each carried, by name. The caller
 * has already checked that the viewer may see the pledge (loadPledgePage).
 */
export async function listPledgeDigitalRewards(pledgeId: string): Promise<PledgeDigitalReward[]> {
  const rows = await prisma.digitalRewardDelivery.findMany({
    where: { pledgeId },
    select: {
      value: true,
      createdAt: true,
      lastSentAt: true,
      digitalReward: { select: { id: true, name: true, kind: true, instructions: true } },
    },
  });
  return rows
    .map((row) => ({
      rewardId: row.digitalReward.id,
      name: row.digitalReward.name,
      kind: row.digitalReward.kind,
      value: row.value,
      instructions: row.digitalReward.instructions,
      firstSentAt: row.createdAt,
      lastSentAt: row.lastSentAt,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
