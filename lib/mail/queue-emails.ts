import "server-only";
import { Prisma, type PrismaClient } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db/client";
import type { StatementSequence } from "@/lib/db/create-statement-sequence";
import { forgetPrismaDebugHistory } from "@/lib/db/forget-prisma-debug-history";
import { createTimeSlicer } from "@/lib/node/create-time-slicer";
import { assertWithinEmailAllowanceOrThrow } from "./assert-within-email-allowance";
import { createBulkEmailRenderer, type EmailTemplate, type PreparedEmail } from "./create-bulk-email-renderer";
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
  /** Parameter bytes per INSERT statement (default MAIL_STATEMENT_BYTES: see there why it is small). */
  chunkBytes?: number;
  /**
   * Every key was made in the caller's transaction (from ids it just minted), so none can be
   * queued already: the insert skips ON CONFLICT's check per row (a tenth of a 250,000-row
   * insert). A key that does exist then fails the insert, and the caller's transaction, instead
   * of being skipped.
   */
  freshKeys?: boolean;
  /**
   * The caller's statement sequence, when it sends other statements on the same transaction
   * without waiting for them: the inserts then take their turn in it instead of joining a queue
   * in the driver.
   */
  sequence?: StatementSequence;
  /**
   * For a streamed source (an async iterable, read once): props that have the same value in every
   * row, which the template then carries instead of each row (with an array they are found by
   * reading the rows first). A row with another value for one of them throws.
   */
  constantProps?: readonly string[];
};

/**
 * The rows to queue: an array, or an async iterable that yields them round by round, an array of
 * rows at a time (a keyset read, a cursor), so a quarter of a million recipients are never held
 * at once. A streamed source
 * must run inside the caller's transaction: its rows are checked as they come, so a bad row late
 * in the stream fails the call after earlier rounds were written, and only the rollback undoes them.
 */
export type QueueEmailsSource<Row> = readonly Row[] | AsyncIterable<readonly Row[]>;

type Db = Tx | PrismaClient;

/**
 * Queues one email of `kind` per row, for bulk actions (250,000 recipients), inside the caller's
 * transaction. Each shape of the template renders once and is stored once (email_template); a
 * message row holds only its recipient, key, subject and its values for the template's
 * placeholders, and the worker fills them in when it sends. Rows are written with one
 * INSERT … SELECT FROM jsonb_array_elements(…) per chunk. Rows whose idempotency key is already
 * queued (or repeated in `rows`) are skipped, so re-running a bulk action queues nothing twice.
 * Every row of an array is checked before anything is written; a streamed source (see
 * QueueEmailsSource) is checked, rendered and written round by round, so memory holds a few
 * batches whatever the number of recipients.
 */
export async function queueEmails<K extends EmailKind>(
  tx: Db,
  kind: K,
  rows: QueueEmailsSource<QueueEmailsRow<K>>,
  options: QueueEmailsOptions = {},
): Promise<{ created: number }> {
  return queueEmailsWith(tx, kind, emailKinds[kind] as EmailKindDefinition<EmailProps<K>>, rows, options);
}

/** `queueEmails` for a definition outside the registry (benchmarks, tests). */
export async function queueEmailsWith<Props>(
  tx: Db,
  kind: string,
  definition: EmailKindDefinition<Props>,
  rows: QueueEmailsSource<{ to: string; props: Props; idempotencyKey: string; projectId?: string | null }>,
  { chunkSize = 5_000, chunkBytes = MAIL_STATEMENT_BYTES, freshKeys = false, sequence, constantProps }: QueueEmailsOptions = {},
): Promise<{ created: number }> {
  // Slices of 2 ms, not the usual 15: the next INSERT is sent only when this process gets back to
  // the event loop, so Postgres idles for the rest of a slice after each one (250k emails: about
  // 17–19 s → 13–17 s in same-machine runs).
  const slicer = createTimeSlicer(2);
  // An array is checked whole before anything is written (it may run outside a transaction); a
  // stream is checked as it comes, and each batch's allowance just before the batch is written:
  // the transaction counts its own earlier batches as sent, so the sum is checked all the same.
  let envelopes: QueuedEmailEnvelope[] | null = null;
  let constant: ReadonlySet<string>;
  if (isArray(rows)) {
    envelopes = [];
    for (let index = 0; index < rows.length; index++) {
      envelopes.push(parseQueuedEmailEnvelope(rows[index], `Row ${index + 1}: `));
      if (index % 512 === 511 && slicer.due()) await slicer.giveWay();
    }
    const perProject = new Map<string, number>();
    for (const envelope of envelopes) if (envelope.projectId) perProject.set(envelope.projectId, (perProject.get(envelope.projectId) ?? 0) + 1);
    for (const [projectId, count] of perProject) await assertWithinEmailAllowanceOrThrow(tx, projectId, count);
    constant = findConstantProps(rows);
  } else {
    constant = new Set(constantProps ?? []);
  }
  const checkAllowance = envelopes === null;
  // Projects found unlimited at their first batch: later batches skip the check, a round trip
  // each (several hundred for a quarter of a million emails). An allowance an administrator sets
  // during the call applies from the project's next send.
  const unlimited = new Set<string>();
  const renderer = createBulkEmailRenderer(definition, kind, { constantProps: constant });
  // Template ids by content hash, as stored (or found) in this transaction.
  const templateIds = new Map<string, string>();
  // Keys met so far, so that of two rows with one key the first is queued. Without fresh keys the
  // batch's own keys are enough: ON CONFLICT skips a key an earlier batch wrote, so no set of a
  // quarter of a million keys stays alive. Fresh keys have no ON CONFLICT (a repeat fails the
  // insert): an array of them is deduplicated whole, as it always was, and a stream of them keeps
  // no set at all.
  const seenInCall = freshKeys && envelopes !== null ? new Set<string>() : null;
  let seenInBatch = freshKeys ? null : new Set<string>();
  let created = 0;

  const write = async (written: Batch) => {
    if (checkAllowance) {
      for (const [projectId, count] of written.perProject) {
        if (unlimited.has(projectId)) continue;
        if (!(await assertWithinEmailAllowanceOrThrow(tx, projectId, count))) unlimited.add(projectId);
      }
    }
    await storeTemplates(
      tx,
      written.templates.values
        .filter((hash) => !templateIds.has(hash))
        .map((hash) => written.templateByHash.get(hash)!),
      templateIds,
    );
    const ids = written.templates.values.map((hash) => templateIds.get(hash)!);
    created += await insertMessages(tx, kind, written, ids, freshKeys);
    // Prisma keeps copies of its last statements' parameters (see MAIL_STATEMENT_BYTES): let them go.
    forgetPrismaDebugHistory();
  };
  // Batches are written one after another (a chain), while the next ones are prepared: Postgres
  // inserting and this process preparing overlap instead of taking turns. At most
  // BATCHES_IN_FLIGHT wait, which bounds the memory. After a failure the chain writes nothing
  // more, and the failure is thrown from the next wait (every link is marked handled meanwhile).
  let chain: Promise<void> = Promise.resolve();
  const inFlight: Promise<void>[] = [];
  let batch = emptyBatch();
  const flush = async () => {
    if (batch.messages.length === 0) return;
    const written = batch;
    batch = emptyBatch();
    if (seenInBatch) seenInBatch = new Set();
    chain = chain.then(() => (sequence ? sequence(() => write(written)) : write(written)));
    chain.catch(() => {});
    inFlight.push(chain);
    if (inFlight.length >= BATCHES_IN_FLIGHT) await inFlight.shift();
  };

  let firstProps: Record<string, unknown> | null = null;
  // Synchronous for nearly every row (a promise only to render a new shape, write or give way):
  // an await per row is measurable at 250,000 rows.
  const add = (row: { to: string; props: Props; idempotencyKey: string; projectId?: string | null }, index: number): Promise<void> | void => {
    const envelope = envelopes ? envelopes[index] : parseQueuedEmailEnvelope(row, `Row ${index + 1}: `);
    const { idempotencyKey } = envelope;
    const seen = seenInCall ?? seenInBatch;
    if (seen) {
      // ON CONFLICT cannot tell which of two equal keys in one statement wins; the first does.
      if (seen.has(idempotencyKey)) return;
      seen.add(idempotencyKey);
    }
    if (envelopes === null && constant.size > 0) {
      const props = row.props as Record<string, unknown>;
      firstProps ??= props;
      for (const name of constant) {
        if (props[name] !== firstProps[name]) throw new Error(`queueEmails: row ${index + 1}'s ${name} differs from the first row's, but it was declared constant.`);
      }
    }
    const prepared = renderer.prepare(row.props);
    return prepared instanceof Promise ? prepared.then((email) => push(email, envelope, index)) : push(prepared, envelope, index);
  };
  const push = (email: PreparedEmail, { to, idempotencyKey, projectId }: QueuedEmailEnvelope, index: number): Promise<void> | void => {
    const subject = positionIn(batch.subjects, email.subject);
    const project = positionIn(batch.projects, projectId);
    if (projectId) batch.perProject.set(projectId, (batch.perProject.get(projectId) ?? 0) + 1);
    let message: Message | string;
    if (email.template) {
      const template = positionIn(batch.templates, email.template.contentHash);
      batch.templateByHash.set(email.template.contentHash, email.template);
      message = [to, idempotencyKey, subject, project, template, email.values];
    } else {
      message = [to, idempotencyKey, subject, project, null, null, email.html, email.text];
    }
    if (beyondLatin1(message)) message = escapeBeyondLatin1(message);
    batch.messages.push(message);
    batch.bytes += approximateBytes(message);
    if (batch.messages.length >= chunkSize || batch.bytes >= chunkBytes) return flush();
    if (index % 64 === 63 && slicer.due()) return slicer.giveWay();
  };

  try {
    if (isArray(rows)) {
      for (let index = 0; index < rows.length; index++) {
        const pending = add(rows[index], index);
        if (pending) await pending;
      }
    } else {
      let index = 0;
      for await (const round of rows) {
        for (const row of round) {
          const pending = add(row, index++);
          if (pending) await pending;
        }
      }
    }
    await flush();
  } finally {
    // A failure while reading leaves batches writing: let them settle before the caller rolls back.
    await chain.catch(() => {});
  }
  await chain;
  return { created };
}

function isArray<T>(rows: QueueEmailsSource<T>): rows is readonly T[] {
  return Array.isArray(rows);
}

/**
 * Parameter text per INSERT of messages: half of BULK_STATEMENT_BYTES. Prisma copies a raw
 * statement's parameters four times on the way to the driver (its JSON of the arguments, a parse
 * of it back, a debug line, the driver's buffer), and its two debug histories keep the last few
 * dozen statements' copies alive however large they are, so each batch's insert is followed by
 * forgetPrismaDebugHistory. Without that, a mebibyte per statement had 80–90 MB in those histories
 * and 128 KiB was needed to stay near 400 MB at 250,000 emails; 128 KiB made about 600 statements,
 * each a round trip during which Postgres waits for this process, and cost the call seconds. With
 * the histories forgotten, 512 KiB peaked at 330–470 MB (bench: 471) in same-machine runs and used about
 * 0.5 s less of this process's CPU and 0.8 s less of Postgres's than 128 KiB.
 */
export const MAIL_STATEMENT_BYTES = 512 * 1024;

/** Batches prepared ahead of the one Postgres is inserting (each at most `chunkBytes`). */
const BATCHES_IN_FLIGHT = 3;

// Below this, a call's own template would hold most of its messages' content: not worth it.
const CONSTANT_PROPS_MIN_ROWS = 500;

/**
 * String props with one value in every row (the project's name, the reward's instructions): the
 * template carries them, so the rows need not. The template then belongs to this call's values,
 * so only large calls do it.
 */
function findConstantProps(rows: readonly { props: unknown }[]): Set<string> {
  const constant = new Set<string>();
  if (rows.length < CONSTANT_PROPS_MIN_ROWS) return constant;
  const first = rows[0].props as Record<string, unknown>;
  for (const name of Object.keys(first)) {
    const value = first[name];
    if (typeof value === "string" && value !== "") constant.add(name);
  }
  for (let index = 1; index < rows.length && constant.size > 0; index++) {
    const props = rows[index].props as Record<string, unknown>;
    for (const name of constant) if (props[name] !== first[name]) constant.delete(name);
  }
  return constant;
}

// Positional, to keep the statement's one parameter small: 250,000 of these are one query's input.
// Subjects, projects and templates repeat, so a row holds their 1-based position in the batch's lists.
type Message =
  | [to: string, key: string, subject: number, project: number, template: number, values: string[]]
  | [to: string, key: string, subject: number, project: number, _: null, __: null, html: string, text: string];

/** Distinct values in order of first use, and where each is. */
type PositionList<T> = { values: T[]; positions: Map<T, number> };

function positionIn<T>(list: PositionList<T>, value: T): number {
  let position = list.positions.get(value);
  if (position === undefined) {
    position = list.values.push(value);
    list.positions.set(value, position);
  }
  return position;
}

type Batch = {
  /** A message, or one with text beyond Latin-1 as its own escaped JSON (see escapeBeyondLatin1). */
  messages: (Message | string)[];
  subjects: PositionList<string>;
  projects: PositionList<string | null>;
  /** Content hashes. */
  templates: PositionList<string>;
  templateByHash: Map<string, EmailTemplate>;
  /** Messages per project, for the allowance of a streamed source. */
  perProject: Map<string, number>;
  bytes: number;
};

const emptyList = <T>(): PositionList<T> => ({ values: [], positions: new Map() });

const emptyBatch = (): Batch => ({
  messages: [],
  subjects: emptyList(),
  projects: emptyList(),
  templates: emptyList(),
  templateByHash: new Map(),
  perProject: new Map(),
  bytes: 0,
});

const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;
const BEYOND_LATIN1_GLOBAL = /[^\u0000-\u00ff]/g;

function beyondLatin1(message: Message): boolean {
  if (BEYOND_LATIN1.test(message[0]) || BEYOND_LATIN1.test(message[1])) return true;
  const values = message[5];
  if (values) {
    for (const value of values) if (BEYOND_LATIN1.test(value)) return true;
    return false;
  }
  return BEYOND_LATIN1.test(message[6] ?? "") || BEYOND_LATIN1.test(message[7] ?? "");
}

/**
 * The message as JSON text with every character beyond Latin-1 written as a \u escape, in a
 * one-byte string; the INSERT parses it back. V8 stores a string with one such character (a
 * backer named Ōno, an emoji) at two bytes per character, and JSON.stringify of a batch holding
 * it, and each of Prisma's copies of that, would double with it: nearly every batch of a large
 * campaign has one.
 */
function escapeBeyondLatin1(message: Message): string {
  const escaped = JSON.stringify(message).replace(
    BEYOND_LATIN1_GLOBAL,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  // replace() keeps its subject's two-byte storage; a latin1 round trip makes a one-byte string.
  return Buffer.from(escaped, "latin1").toString("latin1");
}

function approximateBytes(message: Message | string): number {
  // Its quotes and backslashes are escaped once more in the batch's JSON.
  if (typeof message === "string") return Math.ceil(message.length * 1.25);
  let bytes = 32 + message[0].length + message[1].length;
  const values = message[5];
  if (values) for (const value of values) bytes += value.length + 3;
  else bytes += (message[6]?.length ?? 0) + (message[7]?.length ?? 0);
  return bytes;
}

/**
 * Stores templates not stored yet and records every id. Templates are immutable and named by
 * their content, so one already stored (by anyone, ever) is reused, never rewritten or locked.
 */
async function storeTemplates(tx: Db, templates: EmailTemplate[], ids: Map<string, string>) {
  if (templates.length === 0) return;
  // Sorted, so two transactions storing the same new templates wait for each other in one order.
  const sorted = [...templates].sort((a, b) => (a.contentHash < b.contentHash ? -1 : 1));
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

async function insertMessages(
  tx: Db,
  kind: string,
  batch: Batch,
  templateIds: string[],
  freshKeys: boolean,
): Promise<number> {
  const input = JSON.stringify(batch.messages);
  const subjects = batch.subjects.values;
  const projects = batch.projects.values;
  // lower(btrim()) in SQL is exactly the table's CHECK, whatever the database's locale does to case.
  // ON CONFLICT still matters: a concurrent transaction may queue the same key meanwhile.
  const onConflict = freshKeys ? Prisma.empty : Prisma.sql`ON CONFLICT (idempotency_key) DO NOTHING`;
  return tx.$executeRaw`
    INSERT INTO email_message
      (to_email, kind, subject, idempotency_key, project_id, template_id, template_values, html, text)
    SELECT lower(btrim(m->>0)), ${kind}, (${subjects}::text[])[(m->>2)::int], m->>1,
      (${projects}::uuid[])[(m->>3)::int], (${templateIds}::uuid[])[(m->>4)::int],
      nullif(m->5, 'null'::jsonb), coalesce(m->>6, ''), coalesce(m->>7, '')
    FROM jsonb_array_elements(${input}::jsonb) AS element,
      LATERAL (SELECT CASE WHEN jsonb_typeof(element) = 'string' THEN (element #>> '{}')::jsonb ELSE element END) AS decoded(m)
    ${onConflict}`;
}
