import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db/client";
import type { MailProvider, MailProviderEvent } from "@/lib/mail/webhooks/mail-provider-event";

export type RecordMailProviderEventsResult = { recorded: number; duplicates: number; suppressed: number };

/**
 * Records verified provider events in one statement: each event once per recipient (a redelivered
 * webhook is a no-op), matched to the message it is about (by the Message-ID the provider echoes,
 * else the latest message sent to the address), and every hard bounce, complaint or unsubscribe
 * puts its address on the suppression list with the reason and that message. A suppression a
 * creator lifted comes back with a new event, never with a redelivered old one.
 */
export async function recordMailProviderEvents(
  db: Tx | PrismaClient,
  provider: MailProvider,
  events: readonly MailProviderEvent[],
): Promise<RecordMailProviderEventsResult> {
  if (events.length === 0) return { recorded: 0, duplicates: 0, suppressed: 0 };
  const input = JSON.stringify(
    events.map((event) => ({
      event_id: event.eventId.slice(0, 500),
      email: event.email.trim().toLowerCase(),
      kind: event.kind,
      message_id: event.messageId ? `<${event.messageId}>` : null,
      detail: event.detail?.slice(0, 1000) ?? null,
    })),
  );
  const [row] = await db.$queryRaw<{ recorded: number; suppressed: number }[]>`
    WITH input AS (
      SELECT DISTINCT ON (e.event_id, e.email) e.*
      FROM jsonb_to_recordset(${input}::jsonb) AS e(event_id text, email text, kind text, message_id text, detail text)
    ),
    matched AS (
      SELECT i.*, coalesce(
        (SELECT m.id FROM email_message m WHERE m.smtp_message_id = i.message_id AND m.to_email = i.email LIMIT 1),
        (SELECT m.id FROM email_message m WHERE m.to_email = i.email AND m.status = 'SENT'
         ORDER BY m.sent_at DESC LIMIT 1)) AS email_message_id
      FROM input i
    ),
    inserted AS (
      INSERT INTO mail_provider_event (provider, event_id, email, kind, email_message_id, detail)
      SELECT ${provider}, event_id, email, kind, email_message_id, detail FROM matched
      ON CONFLICT DO NOTHING
      RETURNING email, kind, email_message_id, detail
    ),
    suppressed AS (
      INSERT INTO email_suppression (email, reason, provider, detail, email_message_id)
      -- One row per address: a complaint outranks a bounce, which outranks an unsubscribe.
      SELECT DISTINCT ON (email) email, kind::"SuppressionReason", ${provider}, detail, email_message_id
      FROM inserted WHERE kind <> 'SOFT_BOUNCE'
      ORDER BY email, CASE kind WHEN 'COMPLAINT' THEN 0 WHEN 'HARD_BOUNCE' THEN 1 ELSE 2 END
      ON CONFLICT (email) DO UPDATE SET
        reason = excluded.reason, provider = excluded.provider, detail = excluded.detail,
        email_message_id = coalesce(excluded.email_message_id, email_suppression.email_message_id),
        suppressed_at = now(), lifted_at = NULL, lifted_by_user_id = NULL
      RETURNING email
    )
    SELECT (SELECT count(*) FROM inserted)::int AS recorded, (SELECT count(*) FROM suppressed)::int AS suppressed`;
  const distinct = new Set(events.map((event) => `${event.eventId}\u0000${event.email.trim().toLowerCase()}`)).size;
  return { recorded: row.recorded, duplicates: distinct - row.recorded, suppressed: row.suppressed };
}
