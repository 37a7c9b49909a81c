import "server-only";
import { prisma } from "@/lib/db/client";
import type { DigitalRewardKind } from "@/lib/db/generated/enums";
import { getDigitalRewardOrThrow } from "./get-digital-reward-or-throw";

export type DigitalRewardSendContext = {
  kind: DigitalRewardKind;
  sharedValue: string | null;
  instructions: string | null;
  codesLeft: number;
};

/** What a send form shows about a reward before anything is typed: its kind, shared code and unused bank codes. */
export async function getDigitalRewardSendContextOrThrow(
  projectId: string,
  rewardId: string,
): Promise<DigitalRewardSendContext> {
  const reward = await getDigitalRewardOrThrow(projectId, rewardId);
  const codesLeft =
    reward.kind === "UNIQUE"
      ? await prisma.digitalCode.count({ where: { digitalRewardId: reward.id, pledgeId: null } })
      : 0;
  return { kind: reward.kind, sharedValue: reward.sharedValue, instructions: reward.instructions, codesLeft };
}
