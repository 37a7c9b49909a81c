import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { lockForTransaction } from "@/lib/db/lock-for-transaction";

const formatCount = (n: number) => n.toLocaleString("en-US");

/**
 * Refuses (CONFLICT, before anything is written) to queue `count` more emails for a project
 * whose daily allowance they would pass: the emails it queued in the last 24 hours plus these may
 * not exceed `project.daily_email_allowance` (null: no limit). Call it inside the transaction that
 * queues them: a transaction-scoped lock per project makes concurrent sends count one after the
 * other, and a refusal rolls back the whole change, so nothing is half-sent. Resolves to whether the
 * project has an allowance at all (false: unlimited, nothing was counted or locked).
 */
export async function assertWithinEmailAllowanceOrThrow(db: Tx | PrismaClient, projectId: string, count: number): Promise<boolean> {
  if (count <= 0) return true;
  // Unlimited projects (demo data, those an admin lifted) skip the lock and the count: a
  // 250,000-email send should not count the day's mail first.
  const limited = await db.$queryRaw<{ limited: boolean }[]>`
    SELECT daily_email_allowance IS NOT NULL AS limited FROM project WHERE id = ${projectId}::uuid`;
  if (!limited[0]?.limited) return false;
  await lockForTransaction(db, "email-allowance", projectId);
  const rows = await db.$queryRaw<{ allowance: number | null; used: number }[]>`
    SELECT p.daily_email_allowance AS allowance,
           (SELECT count(*)::int FROM email_message m
             WHERE m.project_id = p.id AND m.created_at > now() - interval '24 hours') AS used
      FROM project p WHERE p.id = ${projectId}::uuid`;
  const row = rows[0];
  if (!row || row.allowance === null || row.used + count <= row.allowance) return true;
  const left = Math.max(0, row.allowance - row.used);
  throw new DomainError(
    "CONFLICT",
    `This project may send ${formatCount(row.allowance)} emails in 24 hours; it has sent ${formatCount(row.used)} in the last 24 hours, and this needs ${formatCount(count)}. ` +
      `Nothing was sent. ${left > 0 ? `Send to at most ${formatCount(left)} backers now and the rest later, or ask` : "Try again later, or ask"} the administrator of this Pledgehouse instance to raise the project's allowance.`,
  );
}
