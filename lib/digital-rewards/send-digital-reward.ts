import "server-only";
import type { Tx } from "@/lib/db/client";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { DomainError } from "@/lib/errors";
import {
  applyDigitalRewardSend,
  type DigitalRewardSendInput,
  type DigitalRewardSendResult,
} from "./apply-digital-reward-send";
import { detectWriteConflict } from "./detect-write-conflict";

/** Sends to 100,000 backers (rendering and queueing their emails) take seconds, not Prisma's default 5. */
export const SEND_TRANSACTION_OPTIONS = { timeout: 10 * 60_000, maxWait: 30_000 } as const;

/**
 * Sends a digital reward in one transaction (see applyDigitalRewardSend): all recipients or none.
 * A send that lost a race with another send of the same reward (a code or a backer taken in the
 * meantime) fails as CONFLICT with nothing written. `beforeCommit` runs last inside the transaction
 * (a job marks itself done there, so the send and "done" commit together).
 */
export async function sendDigitalRewardOrThrow(
  input: DigitalRewardSendInput,
  options: { beforeCommit?: (tx: Tx, result: DigitalRewardSendResult) => Promise<void> } = {},
): Promise<DigitalRewardSendResult> {
  try {
    return await runInTransaction(async (tx) => {
      const result = await applyDigitalRewardSend(tx, input);
      await options.beforeCommit?.(tx, result);
      return result;
    }, SEND_TRANSACTION_OPTIONS);
  } catch (error) {
    const conflict = detectWriteConflict(error);
    if (conflict) {
      throw new DomainError(
        "CONFLICT",
        "Another send of this reward reached some of the same backers or codes at the same moment, so nothing was sent. Preview again: backers who have the reward now are skipped, and codes already used are named.",
      );
    }
    throw error;
  }
}
