import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

export const MAIL_RETRY_ACTION = "mail.retry";

export type RetryFailedEmailInput = {
  projectId: string;
  actorId: string | null;
  /** One message, or every failed message of the project. */
  target: { emailId: string } | { allFailed: true };
};

/**
 * Puts FAILED messages of one project back in the queue for the mail worker, due now, inside `tx`,
 * and records an audit event. Only FAILED rows change (the status check is in the UPDATE itself, so
 * a message sent or re-queued in the meantime is left alone), and only `projectId`'s. The attempt
 * counter restarts: a message that failed after the worker's last attempt would otherwise be given
 * up on again without being tried. The last error stays until a delivery clears it, so the log
 * still says why it failed before.
 *
 * Throws NOT_FOUND for a message that is not this project's, CONFLICT when nothing is FAILED.
 */
export async function retryFailedEmailOrThrow(tx: Tx, input: RetryFailedEmailInput): Promise<{ retried: number }> {
  const one = "emailId" in input.target ? input.target.emailId.toLowerCase() : null;
  const retried = await tx.$queryRaw<{ id: string; to_email: string }[]>(Prisma.sql`
    UPDATE email_message
    SET status = 'QUEUED', next_attempt_at = now(), attempts = 0, locked_until = NULL
    WHERE project_id = ${input.projectId}::uuid AND status = 'FAILED'
      ${one ? Prisma.sql`AND id = ${one}::uuid` : Prisma.empty}
    RETURNING id::text AS id, to_email`);

  if (retried.length === 0) {
    if (!one) throw new DomainError("CONFLICT", "No email of this project has failed: there is nothing to retry.");
    const [current] = await tx.$queryRaw<{ status: string }[]>`
      SELECT status::text AS status FROM email_message WHERE id = ${one}::uuid AND project_id = ${input.projectId}::uuid`;
    if (!current) throw new DomainError("NOT_FOUND", "This email does not exist in this project.");
    throw new DomainError(
      "CONFLICT",
      current.status === "SENT"
        ? "This email has been delivered since: there is nothing to retry."
        : "This email is already waiting for the mail worker: there is nothing to retry.",
    );
  }

  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    action: MAIL_RETRY_ACTION,
    targetCount: retried.length,
    details: one ? { emailId: retried[0].id, toEmail: retried[0].to_email } : { scope: "all-failed" },
  });
  return { retried: retried.length };
}
