import "server-only";
import type { Tx } from "@/lib/db/client";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";
import type { SuppressionReason } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";

/**
 * Lifts the suppression of one of the project's backers' addresses, once the creator confirmed the
 * backer wants mail again (a fixed mailbox, a complaint made by mistake). The row stays, marked
 * lifted and by whom; a new bounce or complaint suppresses the address again. Messages skipped
 * meanwhile stay unsent. An address that is not a backer's of this project answers NOT_FOUND, like
 * one that is not suppressed, so nobody learns about other projects' backers.
 */
export async function liftEmailSuppressionOrThrow(
  tx: Tx,
  input: { projectId: string; email: string; actorId: string },
): Promise<{ email: string }> {
  const email = input.email.trim().toLowerCase();
  const [lifted] = await tx.$queryRaw<{ reason: SuppressionReason; provider: string; backerName: string }[]>`
    UPDATE email_suppression s SET lifted_at = now(), lifted_by_user_id = ${input.actorId}
    FROM (SELECT name FROM backer WHERE project_id = ${input.projectId}::uuid AND email = ${email} LIMIT 1) b
    WHERE s.email = ${email} AND s.lifted_at IS NULL
    RETURNING s.reason, s.provider, b.name AS "backerName"`;
  if (!lifted) {
    const backer = await tx.backer.findFirst({ where: { projectId: input.projectId, email }, select: { id: true } });
    if (!backer) throw new DomainError("NOT_FOUND", `${email} is not the address of one of this project's backers.`);
    throw new DomainError("CONFLICT", `${email} is not suppressed (any more): it receives email. Reload the page.`);
  }
  // The suppression protected the instance's sending reputation; who lifted it, and from what, is
  // what the team needs to see if the address bounces or complains again.
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    action: "mail.suppression-lifted",
    targetCount: 1,
    details: { email, backerName: lifted.backerName, reason: lifted.reason, provider: lifted.provider },
  });
  return { email };
}
