import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import type { DigitalRewardUpdate } from "./digital-reward-schemas";
import { detectWriteConflict } from "./detect-write-conflict";
import { getDigitalRewardOrThrow } from "./get-digital-reward-or-throw";

/**
 * Renames a reward or changes its instructions or shared code. Codes and links already sent stay
 * as they were (each delivery keeps its value); the new text applies to later sends. Runs in the
 * caller's `tx`; a name the project already uses is a CONFLICT.
 */
export async function updateDigitalRewardOrThrow(
  tx: Tx,
  projectId: string,
  rewardId: string,
  input: DigitalRewardUpdate,
): Promise<void> {
  const reward = await getDigitalRewardOrThrow(projectId, rewardId, tx);
  try {
    await tx.digitalReward.update({
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
