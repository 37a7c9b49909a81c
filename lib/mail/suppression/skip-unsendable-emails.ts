import "server-only";
import { prisma } from "@/lib/db/client";
import { ANNOUNCEMENT_KINDS } from "@/lib/mail/announcement-kinds";

/**
 * Marks claimed messages that must not be sent SKIPPED, with the reason for the mail log: the
 * address is on the suppression list (every kind of email), or the backer unsubscribed from this
 * project's announcements (announcement kinds only). Returns the ids it skipped; the worker sends
 * the rest. Checked when a message is about to be sent, not when it was queued, so a bounce that
 * arrives while 250,000 messages wait stops the ones still waiting.
 */
export async function skipUnsendableEmails(claimed: readonly { id: string; attempts: number }[]): Promise<Set<string>> {
  if (claimed.length === 0) return new Set();
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    WITH reasons AS (
      SELECT m.id, CASE
        WHEN s.email IS NOT NULL THEN
          'Not sent: ' || CASE s.reason
            WHEN 'HARD_BOUNCE' THEN 'this address bounced permanently'
            WHEN 'COMPLAINT' THEN 'the recipient marked an earlier email as spam'
            ELSE 'the recipient unsubscribed from all email' END
          || ' (reported by ' || s.provider || ' on ' || to_char(s.suppressed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
          || coalesce(': ' || left(s.detail, 300), '') || '). The address is on the suppression list.'
        ELSE 'Not sent: the backer unsubscribed from this project''s announcements on '
          || to_char(a.unsubscribed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') || '.'
        END AS reason
      FROM unnest(${claimed.map((email) => email.id)}::uuid[], ${claimed.map((email) => email.attempts)}::int[])
        AS c(id, attempts)
      JOIN email_message m ON m.id = c.id AND m.status = 'SENDING' AND m.attempts = c.attempts
      LEFT JOIN email_suppression s ON s.email = m.to_email AND s.lifted_at IS NULL
      LEFT JOIN announcement_unsubscribe a
        ON m.kind = ANY(${ANNOUNCEMENT_KINDS as string[]}::text[]) AND a.project_id = m.project_id AND a.email = m.to_email
      WHERE s.email IS NOT NULL OR a.email IS NOT NULL
    )
    UPDATE email_message m
    SET status = 'SKIPPED', locked_until = NULL, last_error = r.reason
    FROM reasons r
    WHERE m.id = r.id
    RETURNING m.id::text AS id`;
  return new Set(rows.map((row) => row.id));
}
