import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import {
  applyDigitalRewardSend,
  type DigitalRewardSendInput,
  type DigitalRewardSendResult,
} from "./apply-digital-reward-send";
import { detectWriteConflict } from "./detect-write-conflict";

/** Sends to 100,000 backers (pairing codes and queueing their emails) take seconds, not Prisma's default 5. */
export const SEND_TRANSACTION_OPTIONS = { timeout: 10 * 60_000, maxWait: 30_000 } as const;

/**
 * Sends a digital reward inside `tx` (see applyDigitalRewardSend): all recipients or none, once the
 * caller's transaction (opened with SEND_TRANSACTION_OPTIONS) commits. A send that lost a race with
 * another send of the same reward (a code or a backer taken in the meantime) fails as CONFLICT; the
 * failed statement has aborted `tx`, so the caller's transaction rolls back with nothing written.
 */
export async function sendDigitalRewardOrThrow(
  tx: Tx,
  input: DigitalRewardSendInput,
): Promise<DigitalRewardSendResult> {
  try {
    return await applyDigitalRewardSend(tx, input);
  } catch (error) {
    if (detectWriteConflict(error)) {
      throw new DomainError(
        "CONFLICT",
        "Another send of this reward reached some of the same backers or codes at the same moment, so nothing was sent. Preview again: backers who have the reward now are skipped, and codes already used are named.",
      );
    }
    throw error;
  }
}
