import { runInTransaction } from "@/lib/db/run-in-transaction";
import { addCodesToBankOrThrow, CODE_BANK_TRANSACTION_OPTIONS } from "@/lib/digital-rewards/add-codes-to-bank";
import { createDigitalRewardOrThrow } from "@/lib/digital-rewards/create-digital-reward";
import type { DigitalRewardSendInput } from "@/lib/digital-rewards/apply-digital-reward-send";
import { resendDigitalRewardOrThrow } from "@/lib/digital-rewards/resend-digital-reward";
import { SEND_TRANSACTION_OPTIONS, sendDigitalRewardOrThrow } from "@/lib/digital-rewards/send-digital-reward";
import { updateDigitalRewardOrThrow } from "@/lib/digital-rewards/update-digital-reward";

/**
 * The digital-reward use-cases each in a transaction of its own, opened as the action, route or job
 * opens it (runInTransaction with the use-case's options), for tests that call them directly.
 */
type AfterTx<F extends (...args: never[]) => unknown> = Parameters<F> extends [unknown, ...infer Rest] ? Rest : never;

export const createDigitalReward = (...args: AfterTx<typeof createDigitalRewardOrThrow>) =>
  runInTransaction((tx) => createDigitalRewardOrThrow(tx, ...args));

export const updateDigitalReward = (...args: AfterTx<typeof updateDigitalRewardOrThrow>) =>
  runInTransaction((tx) => updateDigitalRewardOrThrow(tx, ...args));

export const addCodesToBank = (input: Parameters<typeof addCodesToBankOrThrow>[1]) =>
  runInTransaction((tx) => addCodesToBankOrThrow(tx, input), CODE_BANK_TRANSACTION_OPTIONS);

export const sendDigitalReward = (input: DigitalRewardSendInput) =>
  runInTransaction((tx) => sendDigitalRewardOrThrow(tx, input), SEND_TRANSACTION_OPTIONS);

export const resendDigitalReward = (input: Parameters<typeof resendDigitalRewardOrThrow>[1]) =>
  runInTransaction((tx) => resendDigitalRewardOrThrow(tx, input));
