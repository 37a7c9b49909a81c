import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db/client";
import { createBulkEmailRenderer } from "./create-bulk-email-renderer";
import { emailKinds, type EmailKind, type EmailKindDefinition, type EmailProps } from "./email-kinds";
import { parseQueuedEmailEnvelope, type QueuedEmailEnvelope } from "./parse-queued-email-envelope";

export type QueueEmailsRow<K extends EmailKind> = {
  to: string;
  props: EmailProps<K>;
  idempotencyKey: string;
  projectId?: string | null;
};

export type QueueEmailsOptions = {
  /** Rows per INSERT statement. */
  chunkSize?: number;
  /** Rendered bytes per INSERT statement, so one statement never carries hundreds of megabytes. */
  chunkBytes?: number;
};

/**
 * Queues one email of `kind` per row, for bulk actions (100,000+ recipients), inside the caller's
 * transaction. Templates render once per shape (see createBulkEmailRenderer) and rows are written
 * with one INSERT … SELECT FROM unnest(…) per chunk. Rows whose idempotency key is already queued
 * (or repeated in `rows`) are skipped, so re-running a bulk action queues nothing twice. Every row
 * is checked before anything is written.
 */
export async function queueEmails<K extends EmailKind>(
  tx: Tx | PrismaClient,
  kind: K,
  rows: readonly QueueEmailsRow<K>[],
  { chunkSize = 10_000, chunkBytes = 32 * 1024 * 1024 }: QueueEmailsOptions = {},
): Promise<{ created: number }> {
  const envelopes: QueuedEmailEnvelope[] = rows.map((row, index) =>
    parseQueuedEmailEnvelope(row, `Row ${index + 1}: `),
  );
  const renderer = createBulkEmailRenderer(emailKinds[kind] as EmailKindDefinition<EmailProps<K>>, kind);
  const seen = new Set<string>();
  let created = 0;

  for (let start = 0; start < rows.length; start += chunkSize) {
    const end = Math.min(rows.length, start + chunkSize);
    const keys = envelopes.slice(start, end).map((envelope) => envelope.idempotencyKey);
    // Re-runs are common (a retried bulk action); skip rendering what is already queued.
    const existing = await tx.$queryRaw<{ idempotency_key: string }[]>`
      SELECT idempotency_key FROM email_message WHERE idempotency_key = ANY(${keys}::text[])`;
    for (const row of existing) seen.add(row.idempotency_key);

    let batch = emptyBatch();
    for (let index = start; index < end; index++) {
      const envelope = envelopes[index];
      if (seen.has(envelope.idempotencyKey)) continue;
      seen.add(envelope.idempotencyKey);
      const email = await renderer.render(rows[index].props);
      batch.to.push(envelope.to);
      batch.subject.push(email.subject);
      batch.html.push(email.html);
      batch.text.push(email.text);
      batch.key.push(envelope.idempotencyKey);
      batch.projectId.push(envelope.projectId);
      batch.bytes += email.html.length + email.text.length;
      if (batch.bytes >= chunkBytes) {
        created += await insertBatch(tx, kind, batch);
        batch = emptyBatch();
      }
    }
    if (batch.key.length > 0) created += await insertBatch(tx, kind, batch);
  }
  return { created };
}

type Batch = {
  to: string[];
  subject: string[];
  html: string[];
  text: string[];
  key: string[];
  projectId: (string | null)[];
  bytes: number;
};

function emptyBatch(): Batch {
  return { to: [], subject: [], html: [], text: [], key: [], projectId: [], bytes: 0 };
}

async function insertBatch(tx: Tx | PrismaClient, kind: string, batch: Batch): Promise<number> {
  // ON CONFLICT still matters: a concurrent transaction may queue the same key meanwhile.
  return tx.$executeRaw`
    INSERT INTO email_message (to_email, kind, subject, html, text, idempotency_key, project_id)
    SELECT lower(btrim(r.to_email)), ${kind}, r.subject, r.html, r.text, r.idempotency_key, r.project_id
    FROM unnest(
      ${batch.to}::text[], ${batch.subject}::text[], ${batch.html}::text[], ${batch.text}::text[],
      ${batch.key}::text[], ${batch.projectId}::uuid[]
    ) AS r(to_email, subject, html, text, idempotency_key, project_id)
    ON CONFLICT (idempotency_key) DO NOTHING`;
}
