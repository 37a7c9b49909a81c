import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";
import { lockProjectIncentives } from "./lock-project-incentives";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

/**
 * Takes an incentive back from every pledge it was given to, in set-based statements inside the
 * caller's transaction: the free items' cart lines are removed, each credit gets a cancelling
 * negative entry (the ledger keeps its history), grants and the incentive are marked undone (so it
 * can never be applied again) and an audit event records who did it. Its emails still waiting in
 * the outbox are skipped: a backer is not told of a gift that was already taken back. Emails
 * already sent stay sent, and no new email goes out about the undo. CONFLICT when already undone.
 */
export async function undoIncentiveOrThrow(
  tx: Tx,
  input: { projectId: string; incentiveId: string; actorId: string | null },
): Promise<{ name: string; pledges: number; emailsCancelled: number }> {
  await lockProjectIncentives(tx, input.projectId);
  const incentive = /^[0-9a-f-]{36}$/i.test(input.incentiveId)
    ? await tx.incentive.findFirst({
        where: { id: input.incentiveId, projectId: input.projectId },
        select: { id: true, name: true, kind: true, undoneAt: true },
      })
    : null;
  if (!incentive) throw new DomainError("NOT_FOUND", "That incentive does not exist in this project");
  if (incentive.undoneAt) throw new DomainError("CONFLICT", `“${incentive.name}” was already undone`);

  const pledges = await tx.$executeRaw(Prisma.sql`
    UPDATE incentive_grant SET undone_at = now() WHERE incentive_id = ${incentive.id}::uuid AND undone_at IS NULL`);
  await tx.$executeRaw(Prisma.sql`
    DELETE FROM cart_line cl USING incentive_grant ig
    WHERE ig.incentive_id = ${incentive.id}::uuid AND cl.incentive_grant_id = ig.id`);
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO credit_entry (pledge_id, amount, reason, incentive_grant_id, created_by_id)
    SELECT ce.pledge_id, -sum(ce.amount)::int, ${`Undone: ${incentive.name}`}, ce.incentive_grant_id, ${input.actorId}
    FROM credit_entry ce JOIN incentive_grant ig ON ig.id = ce.incentive_grant_id
    WHERE ig.incentive_id = ${incentive.id}::uuid
    GROUP BY ce.pledge_id, ce.incentive_grant_id
    HAVING sum(ce.amount) <> 0`);
  // By the grants' keys (the outbox's unique index) rather than a LIKE over every message. A message
  // the worker is sending right now is left to it.
  const emailsCancelled = await tx.$executeRaw(Prisma.sql`
    UPDATE email_message SET status = 'SKIPPED', last_error = ${`Not sent: “${incentive.name}” was undone before this email went out.`}
    WHERE status = 'QUEUED'
      AND idempotency_key IN (
        SELECT 'incentive:' || ig.incentive_id || ':' || ig.pledge_id FROM incentive_grant ig WHERE ig.incentive_id = ${incentive.id}::uuid)`);
  await tx.incentive.update({
    where: { id: incentive.id },
    data: { undoneAt: new Date(), undoneById: input.actorId },
  });
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    action: "incentive.undo",
    targetCount: pledges,
    details: { incentiveId: incentive.id, incentiveName: incentive.name, kind: incentive.kind, emailsCancelled },
  });
  return { name: incentive.name, pledges, emailsCancelled };
}
