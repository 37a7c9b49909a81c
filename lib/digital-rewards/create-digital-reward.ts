import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import type { DigitalRewardCreate } from "./digital-reward-schemas";
import { detectWriteConflict } from "./detect-write-conflict";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

/**
 * Creates a digital reward and its audit event in the caller's `tx`; a name the project already uses
 * is a CONFLICT (the failed insert has aborted `tx`, so the caller's transaction rolls back).
 */
export async function createDigitalRewardOrThrow(
  tx: Tx,
  projectId: string,
  input: DigitalRewardCreate,
  actorId: string | null,
): Promise<{ id: string }> {
  try {
    const reward = await tx.digitalReward.create({
      data: {
        projectId,
        name: input.name,
        kind: input.kind,
        instructions: input.instructions,
        sharedValue: input.kind === "SHARED" ? input.sharedValue : null,
        codesCaseSensitive: input.kind === "UNIQUE" && input.codesCaseSensitive === true,
      },
      select: { id: true },
    });
    await recordAuditEvent(tx, {
      projectId,
      actorId,
      action: "digital-reward.create",
      targetCount: 0,
      details: { rewardId: reward.id, rewardName: input.name, kind: input.kind },
    });
    return reward;
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
