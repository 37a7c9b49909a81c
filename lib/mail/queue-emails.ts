import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db/client";
import { createBulkEmailRenderer, type EmailTemplate } from "./create-bulk-email-renderer";
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
  /** Parameter bytes per INSERT statement, so one statement never carries hundreds of megabytes. */
  chunkBytes?: number;
};

type Db = Tx | PrismaClient;

/**
 * Queues one email of `kind` per row, for bulk actions (250,000 recipients), inside the caller's
 * transaction. Each shape of the template renders once and is stored once (email_template); a
 * message row holds only its recipient, key, subject and its values for the template's
 * placeholders, and the worker fills them in when it sends. Rows are written with one
 * INSERT … SELECT FROM jsonb_array_elements(…) per chunk. Rows whose idempotency key is already
 * queued (or repeated in `rows`) are skipped, so re-running a bulk action queues nothing twice.
 * Every row is checked before anything is written.
 */
export async function queueEmails<K extends EmailKind>(
  tx: Db,
  kind: K,
  rows: readonly QueueEmailsRow<K>[],
  options: QueueEmailsOptions = {},
): Promise<{ created: number }> {
  return queueEmailsWith(tx, kind, emailKinds[kind] as EmailKindDefinition<EmailProps<K>>, rows, options);
}

/** `queueEmails` for a definition outside the registry (benchmarks, tests). */
export async function queueEmailsWith<Props>(
  tx: Db,
  kind: string,
  definition: EmailKindDefinition<Props>,
  rows: readonly { to: string; props: Props; idempotencyKey: string; projectId?: string | null }[],
  { chunkSize = 20_000, chunkBytes = 16 * 1024 * 1024 }: QueueEmailsOptions = {},
): Promise<{ created: number }> {
  const envelopes: QueuedEmailEnvelope[] = rows.map((row, index) =>
    parseQueuedEmailEnvelope(row, `Row ${index + 1}: `),
  );
  const renderer = createBulkEmailRenderer(definition, kind);
  // Template ids by content hash, as stored (or found) in this transaction.
  const templateIds = new Map<string, string>();
  const seen = new Set<string>();
  let created = 0;

  let batch = emptyBatch();
  const flush = async () => {
    if (batch.messages.length === 0) return;
    await storeTemplates(tx, batch.newTemplates, templateIds);
    created += await insertMessages(tx, kind, batch, templateIds);
    batch = emptyBatch();
  };

  for (let index = 0; index < rows.length; index++) {
    const { to, idempotencyKey, projectId } = envelopes[index];
    // ON CONFLICT cannot tell which of two equal keys in one statement wins; the first does.
    if (seen.has(idempotencyKey)) continue;
    seen.add(idempotencyKey);
    const email = await renderer.prepare(rows[index].props);
    let message: Message;
    if (email.template) {
      const { contentHash } = email.template;
      if (!templateIds.has(contentHash) && !batch.newTemplates.has(contentHash)) {
        batch.newTemplates.set(contentHash, email.template);
      }
      message = [to, idempotencyKey, email.subject, projectId, contentHash, email.values];
    } else {
      message = [to, idempotencyKey, email.subject, projectId, null, null, email.html, email.text];
    }
    batch.messages.push(message);
    batch.bytes += approximateBytes(message);
    if (batch.messages.length >= chunkSize || batch.bytes >= chunkBytes) await flush();
  }
  await flush();
  return { created };
}

// Positional, to keep the statement's one parameter small: 250,000 of these are one query's input.
type Message =
  | [to: string, key: string, subject: string, projectId: string | null, contentHash: string, values: string[]]
  | [to: string, key: string, subject: string, projectId: string | null, _: null, __: null, html: string, text: string];

type Batch = { messages: Message[]; newTemplates: Map<string, EmailTemplate>; bytes: number };

const emptyBatch = (): Batch => ({ messages: [], newTemplates: new Map(), bytes: 0 });

function approximateBytes(message: Message): number {
  let bytes = 16;
  for (const part of message) {
    if (typeof part === "string") bytes += part.length + 3;
    else if (Array.isArray(part)) for (const value of part) bytes += value.length + 3;
  }
  return bytes;
}

/**
 * Stores templates not stored yet and records every id. Templates are immutable and named by
 * their content, so one already stored (by anyone, ever) is reused, never rewritten or locked.
 */
async function storeTemplates(tx: Db, templates: Map<string, EmailTemplate>, ids: Map<string, string>) {
  if (templates.size === 0) return;
  // Sorted, so two transactions storing the same new templates wait for each other in one order.
  const sorted = [...templates.values()].sort((a, b) => (a.contentHash < b.contentHash ? -1 : 1));
  const input = JSON.stringify(
    sorted.map(({ kind, contentHash, placeholders, html, text }) => ({ kind, contentHash, placeholders, html, text })),
  );
  await tx.$executeRaw`
    INSERT INTO email_template (kind, content_hash, placeholders, html, text)
    SELECT t.kind, t."contentHash", t.placeholders, t.html, t.text
    FROM jsonb_to_recordset(${input}::jsonb) AS t(kind text, "contentHash" text, placeholders jsonb, html text, text text)
    ON CONFLICT (content_hash) DO NOTHING`;
  // A separate statement: it sees a template another transaction committed while this one waited.
  const hashes = sorted.map((template) => template.contentHash);
  const found = await tx.$queryRaw<{ id: string; content_hash: string }[]>`
    SELECT id::text, content_hash FROM email_template WHERE content_hash = ANY(${hashes}::text[])`;
  for (const row of found) ids.set(row.content_hash, row.id);
  const missing = hashes.find((hash) => !ids.has(hash));
  if (missing) {
    throw new Error(
      `Email template ${missing} was stored by another transaction this one cannot see yet (isolation level above READ COMMITTED?); retry the action.`,
    );
  }
}

async function insertMessages(tx: Db, kind: string, batch: Batch, templateIds: Map<string, string>): Promise<number> {
  const hashes = [...new Set(batch.messages.flatMap((message) => (message[4] === null ? [] : [message[4]])))];
  const ids = hashes.map((hash) => templateIds.get(hash)!);
  const position = new Map(hashes.map((hash, index) => [hash, index + 1]));
  const input = JSON.stringify(
    batch.messages.map((message) =>
      message[4] === null
        ? message
        : [message[0], message[1], message[2], message[3], position.get(message[4]), message[5]],
    ),
  );
  // lower(btrim()) in SQL is exactly the table's CHECK, whatever the database's locale does to case.
  // ON CONFLICT still matters: a concurrent transaction may queue the same key meanwhile.
  return tx.$executeRaw`
    INSERT INTO email_message
      (to_email, kind, subject, idempotency_key, project_id, template_id, template_values, html, text)
    SELECT lower(btrim(m->>0)), ${kind}, m->>2, m->>1, (m->>3)::uuid, (${ids}::uuid[])[(m->>4)::int],
      nullif(m->5, 'null'::jsonb), coalesce(m->>6, ''), coalesce(m->>7, '')
    FROM jsonb_array_elements(${input}::jsonb) AS m
    ON CONFLICT (idempotency_key) DO NOTHING`;
}
