import pg from "pg";
import { prisma } from "@/lib/db/client";
import { postgresSessionOptions } from "@/lib/db/postgres-session-options";
import { createBulkEmailRenderer } from "@/lib/mail/create-bulk-email-renderer";
import { emailKinds } from "@/lib/mail/email-kinds";
import { queueEmails, type QueueEmailsRow } from "@/lib/mail/queue-emails";
import { defineScenario } from "../bench-scenario";

const KIND = "tracking-shipped";
const KEY_PREFIX = "bench-mail-queue:";

type Row = QueueEmailsRow<typeof KIND>;

let client: pg.Client | null = null;
/**
 * The connection the backers are read on (both ways), opened as the app opens its connections
 * (lib/db/client: serial plans). With Postgres's default each of the product's 51 keyset rounds
 * forked two parallel workers, whose transactions pg_stat_database counts as commits: with the
 * rounds' own autocommits, the ~240 commits per product run against 8–16 for the baseline's one read.
 */
async function connect(databaseUrl: string): Promise<pg.Client> {
  if (!client) {
    client = new pg.Client({
      connectionString: databaseUrl,
      options: postgresSessionOptions({ parallelWorkersPerQuery: Number(process.env.DATABASE_PARALLEL_WORKERS_PER_QUERY ?? 0) }),
    });
    await client.connect();
  }
  return client;
}

/** Backers read per round, as the product's callers read them (keyset). */
const ROUND = 5_000;

type Backer = { email: string; name: string; pledge_id: string; backer_number: number };

/** What a tracking upload hands to queueEmails for the `i`-th backer: one "shipped" email. */
function rowFor(backer: Backer, i: number, projectId: string): Row {
  const trackingNumber = `1Z999AA1${String(i).padStart(10, "0")}`;
  return {
    to: backer.email,
    idempotencyKey: `${KEY_PREFIX}${backer.pledge_id}`,
    projectId,
    props: {
      projectName: "Benchmark campaign",
      // Some backers have no name on file, and a few get two packages: three shapes, as in real uploads.
      backerName: i % 50 === 0 ? "" : backer.name,
      trackingNumber,
      carrier: "UPS",
      trackingUrl: `https://www.ups.com/track?tracknum=${trackingNumber}`,
      pledgeUrl: `http://localhost:3000/pledges/${backer.pledge_id}/backing-details`,
      shippedOn: "Nov 23, 2026",
      otherPackages:
        i % 20 === 0
          ? `Your reward ships in 2 packages. The others: 9400111899223${String(i).padStart(9, "0")} (USPS). All of them are on your pledge summary.`
          : "",
    },
  };
}

const BACKERS = `SELECT b.email, b.name, p.id::text AS pledge_id, b.backer_number
  FROM backer b JOIN pledge p ON p.backer_id = b.id
  WHERE b.project_id = $1 AND b.backer_number > $2 ORDER BY b.backer_number LIMIT $3`;

/** The backers as rounds of rows, read by keyset as a bulk action reads them, never all at once. */
async function* rounds(db: pg.Client, projectId: string): AsyncGenerator<Row[]> {
  let after = -1;
  let i = 0;
  for (;;) {
    const { rows: backers } = await db.query<Backer>(BACKERS, [projectId, after, ROUND]);
    if (backers.length === 0) return;
    yield backers.map((backer) => rowFor(backer, i++, projectId));
    after = backers[backers.length - 1].backer_number;
  }
}

let expected = 0;

export default defineScenario({
  name: "mail-queue-bulk",
  description: "queue one tracking-shipped email per backer (250,000 at full size) in one transaction",
  runs: 5,
  warmups: 1,
  // Each iteration starts from an outbox without the previous iteration's messages and templates.
  async reset({ databaseUrl, projectId }) {
    const db = await connect(databaseUrl);
    if (expected === 0) {
      const { rows: count } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM backer b JOIN pledge p ON p.backer_id = b.id WHERE b.project_id = $1`,
        [projectId],
      );
      expected = count[0].n;
    }
    await db.query(`DELETE FROM email_message WHERE idempotency_key LIKE $1`, [`${KEY_PREFIX}%`]);
    await db.query(`DELETE FROM email_template WHERE kind = $1`, [KIND]);
    await db.query("VACUUM (ANALYZE) email_message");
  },
  // The rows are read round by round on a connection of their own, as queueEmails takes a stream:
  // the process never holds the quarter of a million rows at once.
  async run({ databaseUrl, projectId }) {
    const db = await connect(databaseUrl);
    const { created } = await prisma.$transaction(
      (tx) => queueEmails(tx, KIND, rounds(db, projectId), { constantProps: ["projectName", "shippedOn", "carrier"] }),
      { timeout: 600_000, maxWait: 10_000 },
    );
    if (created !== expected) throw new Error(`mail-queue-bulk: queued ${created} of ${expected} (${projectId})`);
  },
  // The same outbox rows by hand: the backers in one query, the one template the rows need, then
  // one INSERT … unnest of the minimal columns, with each row's values picked out by code that
  // knows the template.
  async baseline({ databaseUrl, projectId }) {
    const db = await connect(databaseUrl);
    const { rows: backers } = await db.query<Backer>(BACKERS, [projectId, -1, 1_000_000_000]);
    const all = backers.map((backer, i) => rowFor(backer, i, projectId));
    const renderer = createBulkEmailRenderer(emailKinds[KIND], KIND);
    const first = await renderer.prepare(all[1].props);
    if (!first.template) throw new Error("mail-queue-bulk: the kind does not template");
    const { placeholders, html, text, contentHash } = first.template;
    await db.query("BEGIN");
    try {
      const template = await db.query<{ id: string }>(
        `INSERT INTO email_template (kind, content_hash, placeholders, html, text) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [KIND, contentHash, JSON.stringify(placeholders), html, text],
      );
      const values = all.map((row) => JSON.stringify(placeholders.map((name) => row.props[name as keyof Row["props"]])));
      const inserted = await db.query(
        `INSERT INTO email_message (to_email, kind, subject, idempotency_key, project_id, template_id, template_values)
         SELECT r.to_email, $1, r.subject, r.idempotency_key, r.project_id, $2, r.template_values::jsonb
         FROM unnest($3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[])
           AS r(to_email, subject, idempotency_key, project_id, template_values)`,
        [
          KIND,
          template.rows[0].id,
          all.map((row) => row.to),
          all.map(() => first.subject),
          all.map((row) => row.idempotencyKey),
          all.map((row) => row.projectId),
          values,
        ],
      );
      if (inserted.rowCount !== all.length) throw new Error("mail-queue-bulk baseline: not every row was inserted");
      await db.query("COMMIT");
    } catch (error) {
      await db.query("ROLLBACK");
      throw error;
    }
  },
});
