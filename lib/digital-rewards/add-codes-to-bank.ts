import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { detectWriteConflict } from "./detect-write-conflict";
import { getDigitalRewardOrThrow } from "./get-digital-reward-or-throw";
import { codeListProblems, type CodeList } from "./parse-code-list";
import { findCodesAlreadyGiven } from "./find-codes-already-given";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

/** Checking and inserting half a million codes takes longer than Prisma's default 5 seconds. */
export const CODE_BANK_TRANSACTION_OPTIONS = { timeout: 120_000, maxWait: 15_000 } as const;

/** One upload adds at most this many codes. */
export const MAX_BANK_UPLOAD = 500_000;

/**
 * Adds unused codes to a unique reward's bank, all or none: a list with problems, or with codes
 * that the reward already has (sent or in the bank), adds nothing and says which codes. Runs in the
 * caller's `tx` (opened with CODE_BANK_TRANSACTION_OPTIONS); a refusal throws, so it rolls back.
 */
export async function addCodesToBankOrThrow(
  tx: Tx,
  input: {
    projectId: string;
    rewardId: string;
    list: CodeList;
    actorId: string | null;
  },
): Promise<{ added: number; bankLeft: number }> {
  const { list } = input;
  if (list.problems.length > 0) throw new DomainError("INVALID_INPUT", list.problems.join("\n"));
  if (list.codes.length > MAX_BANK_UPLOAD) {
    throw new DomainError(
      "INVALID_INPUT",
      `That is ${list.codes.length.toLocaleString("en-US")} codes; upload at most ${MAX_BANK_UPLOAD.toLocaleString("en-US")} at a time.`,
    );
  }
  const reward = await getDigitalRewardOrThrow(input.projectId, input.rewardId, tx);
  if (reward.kind !== "UNIQUE") {
    throw new DomainError(
      "INVALID_INPUT",
      `“${reward.name}” is a shared access code reward: it has one code for everyone, no code bank.`,
    );
  }
  const listProblems = codeListProblems(list, reward.codesCaseSensitive);
  if (listProblems.length > 0) throw new DomainError("INVALID_INPUT", listProblems.join("\n"));
  const existing = await findCodesAlreadyGiven(tx, reward, list.codes, 11);
  if (existing.length > 0) {
    const shown = existing.slice(0, 10).map((code) => {
      const variant = code.value === code.given ? "" : ` as “${code.value}”`;
      return `“${code.given}”${code.assigned ? ` (already sent${variant})` : ` (already in the bank${variant})`}`;
    });
    const more = existing.length > 10 ? " and more" : "";
    throw new DomainError(
      "INVALID_INPUT",
      `Some codes already belong to “${reward.name}”: ${shown.join(", ")}${more}. Remove them from the list and upload again; nothing was added.`,
    );
  }
  let added: number;
  try {
    added = await tx.$executeRaw`
      INSERT INTO digital_code (digital_reward_id, value)
      SELECT ${reward.id}::uuid, value FROM unnest(${list.codes}::text[]) AS value`;
  } catch (error) {
    if (detectWriteConflict(error)) {
      throw new DomainError(
        "CONFLICT",
        "Some of these codes were added to this reward at the same moment by someone else. Nothing was added: upload again to see which.",
      );
    }
    throw error;
  }
  const [{ left }] = await tx.$queryRaw<{ left: number }[]>`
    SELECT count(*)::int AS left FROM digital_code WHERE digital_reward_id = ${reward.id}::uuid AND pledge_id IS NULL`;
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    action: "digital-reward.bank-upload",
    targetCount: added,
    details: { rewardId: reward.id, rewardName: reward.name, added, bankLeft: left },
  });
  return { added, bankLeft: left };
}
