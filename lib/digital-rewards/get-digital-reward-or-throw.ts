import "server-only";
import { prisma, type Tx } from "@/lib/db/client";
import type { DigitalRewardKind } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { isUuid } from "@/lib/projects/is-uuid";

export type DigitalRewardRecord = {
  id: string;
  projectId: string;
  name: string;
  kind: DigitalRewardKind;
  sharedValue: string | null;
  instructions: string | null;
  codesCaseSensitive: boolean;
  createdAt: Date;
};

/** The project's digital reward, or NOT_FOUND (also for another project's reward). */
export async function getDigitalRewardOrThrow(
  projectId: string,
  rewardId: string,
  db: Tx | typeof prisma = prisma,
): Promise<DigitalRewardRecord> {
  const reward = isUuid(rewardId)
    ? await db.digitalReward.findFirst({
        where: { id: rewardId, projectId },
        select: {
          id: true,
          projectId: true,
          name: true,
          kind: true,
          sharedValue: true,
          instructions: true,
          codesCaseSensitive: true,
          createdAt: true,
        },
      })
    : null;
  if (!reward)
    throw new DomainError(
      "NOT_FOUND",
      "This digital reward does not exist in this project. It may have been deleted: reload the page.",
    );
  return reward;
}
