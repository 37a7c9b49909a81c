import "server-only";
import type { Tx } from "./client";
import type { PrismaClient } from "./generated/client";

/**
 * What a transaction-scoped advisory lock serialises; with the id it names one lock. The key text
 * (`<scope>:<id>`) is what Postgres hashes, so a scope's spelling must not change while an older
 * process of the same instance may still take the lock (during a deploy).
 */
export type TransactionLockScope =
  /** Tracking writes of a project: an upload's apply and a single tracking number. */
  | "tracking"
  /** Incentive apply and undo of a project. */
  | "incentives"
  /** Segment writes of a project, so two edits cannot together form a cycle. */
  | "segments"
  /** Counting and queueing a project's emails against its daily allowance. */
  | "email-allowance"
  /** A digital-reward send token, claimed once. */
  | "digital-reward-send"
  /** A digital-reward send job's token, enqueued once. */
  | "digital-reward-send-job";

/**
 * Takes the advisory lock of `scope` and `id` for the rest of the caller's transaction (released
 * at commit or rollback), waiting while another transaction holds it.
 */
export async function lockForTransaction(
  db: Tx | PrismaClient,
  scope: TransactionLockScope,
  id: string,
): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${scope}:${id}`}, 0))`;
}
