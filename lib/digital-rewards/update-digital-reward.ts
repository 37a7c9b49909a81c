import "server-only";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import type { DigitalRewardUpdate } from "./digital-reward-schemas";
import { detectWriteConflict } from "./detect-write-conflict";
import { getDigitalRewardOrThrow } from "./get-digital-reward-or-throw";

/**
 * Renames a reward or changes its instructions or shared code. Codes and links already sent stay
 * as they were (each delivery keeps its value); the new text applies to later sends.
 */
export async function updateDigitalRewardOrThrow(
  projectId: string,
  rewardId: string,
  input: DigitalRewardUpdate,
): Promise<void> {
  const reward = await getDigitalRewardOrThrow(projectId, rewardId);
  try {
    await prisma.digitalReward.update({
      where: { id: reward.id },
      data: {
        name: input.name,
        instructions: input.instructions,
        sharedValue: reward.kind === "SHARED" ? input.sharedValue : null,
        codesCaseSensitive: reward.kind === "UNIQUE" && input.codesCaseSensitive === true,
      },
    });
  } catch (error) {
    if (detectWriteConflict(error) === "unique") {
      throw new DomainError(
        "CONFLICT",
        `This project already has a digital reward called “${input.name}”. Choose another name.`,
        {
          name: ["A digital reward with this name already exists."],
        },
      );
    }
    throw error;
  }
}
