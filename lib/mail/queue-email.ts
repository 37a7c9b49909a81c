import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db/client";
import { assertWithinEmailAllowanceOrThrow } from "./assert-within-email-allowance";
import type { EmailKind, EmailProps } from "./email-kinds";
import { parseQueuedEmailEnvelope } from "./parse-queued-email-envelope";
import { renderEmail } from "./render-email";

export type QueueEmailInput<K extends EmailKind> = {
  to: string;
  kind: K;
  props: EmailProps<K>;
  /** Names the change this message announces ("sign-in:<hash>", "shipment:<id>:notified"). */
  idempotencyKey: string;
  projectId?: string | null;
};

/**
 * Renders a notification and writes it to the outbox. Pass the transaction that makes the change
 * the message announces, so both commit or neither does. The same idempotency key never queues a
 * second message: the call then returns the existing row with `created: false`. The row holds the
 * full rendering (a single message gains nothing from a shared template); bulk actions use
 * queueEmails, whose rows share one.
 */
export async function queueEmail<K extends EmailKind>(
  db: Tx | PrismaClient,
  input: QueueEmailInput<K>,
): Promise<{ id: string; created: boolean }> {
  const { to, idempotencyKey, projectId } = parseQueuedEmailEnvelope(input);
  if (projectId) await assertWithinEmailAllowanceOrThrow(db, projectId, 1);
  const { subject, html, text } = await renderEmail(input.kind, input.props);
  // lower(btrim()) in SQL is exactly the table's CHECK, whatever the database's locale does to case.
  const inserted = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO email_message (to_email, kind, subject, html, text, idempotency_key, project_id)
    VALUES (lower(btrim(${to})), ${input.kind}, ${subject}, ${html}, ${text}, ${idempotencyKey}, ${projectId}::uuid)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id`;
  if (inserted.length > 0) return { id: inserted[0].id, created: true };
  const existing = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM email_message WHERE idempotency_key = ${idempotencyKey}`;
  return { id: existing[0].id, created: false };
}
