import { readFile } from "node:fs/promises";
import Papa from "papaparse";
import pg from "pg";
import { getTracking } from "ts-tracking-number";
import { DEFAULT_BACKER_REPORT_QUERY } from "@/lib/backers/report/backer-report-query-schema";
import { renderEmail } from "@/lib/mail/render-email";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { applyTrackingUploadOrThrow, TRACKING_APPLY_TRANSACTION } from "@/lib/tracking/apply-tracking-upload";
import { defineScenario } from "../bench-scenario";
import { writeFilledTemplate } from "./tracking-preview";

type State = { file: string; rows: number; html: string; text: string };


const ACTOR = "bench-tracking-apply";

/** The carriers the generated file holds, as the product names them and links to their tracking pages. */
const CARRIERS: Record<string, { name: string; url: string }> = {
  ups: { name: "UPS", url: "https://www.ups.com/track?tracknum=%s" },
  usps: { name: "USPS", url: "https://tools.usps.com/go/TrackConfirmAction?tLabels=%s" },
};

let client: pg.Client | null = null;
async function connect(databaseUrl: string): Promise<pg.Client> {
  if (!client) {
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  }
  return client;
}

export default defineScenario<State>({
  name: "tracking-apply",
  description: "apply a filled tracking template for every seeded backer: supersede current numbers, insert shipments, queue one email each",
  lowerBound: "normalising the numbers' spellings, refusing bad ones and matching by email too (the file is clean and keyed by backer number)",
  runs: 3,
  warmups: 1,
  async setup({ databaseUrl, projectId, workDir }) {
    const state = await writeFilledTemplate(databaseUrl, projectId, workDir, 2);
    // The baseline writes emails of the same size: the real template with placeholders.
    const email = await renderEmail("tracking-shipped", {
      projectName: "{{project}}",
      backerName: "{{name}}",
      trackingNumber: "{{number}}",
      carrier: "{{carrier}}",
      trackingUrl: "https://www.ups.com/track?tracknum={{number}}",
      pledgeUrl: "http://localhost:3000/pledges/{{pledge}}/backing-details",
      shippedOn: "{{date}}",
      otherPackages: "",
    });
    return { ...state, html: email.html, text: email.text };
  },
  // Undo the previous iteration: restore the numbers it superseded, drop what it wrote.
  async reset({ databaseUrl }) {
    const db = await connect(databaseUrl);
    await db.query(
      `UPDATE shipment SET superseded_at = NULL
        WHERE superseded_at IN (SELECT DISTINCT created_at FROM shipment WHERE created_by_id = $1)`,
      [ACTOR],
    );
    await db.query(`DELETE FROM shipment WHERE created_by_id = $1`, [ACTOR]);
    await db.query(`DELETE FROM email_message WHERE kind = 'tracking-shipped'`);
    await db.query(`DELETE FROM email_template WHERE kind = 'tracking-shipped'`);
    await db.query(`DELETE FROM import WHERE kind = 'TRACKING'`);
    await db.query(`DELETE FROM audit_event WHERE action = 'tracking.upload'`);
    await db.query(`VACUUM shipment, email_message`);
  },
  // Both paths must leave the same rows: each backer's new shipment (number, carrier, link, notified),
  // the numbers it superseded, and one queued email per backer, to that backer.
  async outcome({ databaseUrl }) {
    const db = await connect(databaseUrl);
    const { rows } = await db.query(
      `SELECT
         (SELECT count(*)::int FROM shipment WHERE created_by_id = $1) AS shipments,
         (SELECT md5(string_agg(b.backer_number || ' ' || s.tracking_number || ' ' || s.carrier || ' ' || coalesce(s.tracking_url, '-') || ' ' || (s.notified_at IS NOT NULL),
                                '|' ORDER BY b.backer_number, s.tracking_number))
            FROM shipment s JOIN pledge p ON p.id = s.pledge_id JOIN backer b ON b.id = p.backer_id
           WHERE s.created_by_id = $1) AS shipments_digest,
         (SELECT count(*)::int FROM shipment WHERE superseded_at IS NOT NULL) AS superseded,
         (SELECT count(*)::int FROM email_message WHERE kind = 'tracking-shipped') AS emails,
         (SELECT md5(string_agg(to_email, '|' ORDER BY to_email)) FROM email_message WHERE kind = 'tracking-shipped') AS recipients_digest`,
      [ACTOR],
    );
    return rows[0];
  },
  async run({ projectId }, { file, rows }) {
    const bytes = new Uint8Array(await readFile(file));
    const result = await runInTransaction(
      (tx) =>
        applyTrackingUploadOrThrow(tx, {
          projectId,
          fileName: "tracking.csv",
          bytes,
          selection: { kind: "matching", filter: DEFAULT_BACKER_REPORT_QUERY.filter, exceptIds: [] },
          skipExisting: false,
          separatePackages: false,
          actorId: ACTOR,
        }),
      TRACKING_APPLY_TRANSACTION,
    );
    if (result.shipmentsAdded !== rows || result.emailsQueued !== rows) {
      throw new Error(`tracking-apply: added ${result.shipmentsAdded} shipments and ${result.emailsQueued} emails for ${rows} rows`);
    }
  },
  // The same writes by hand on a bare pg connection, in one transaction, as the outbox stores bulk
  // mail (one shared template, per-recipient values): each number's carrier detected (check digit
  // included) by a bare ts-tracking-number call, the file's numbers as arrays, one UPDATE … FROM
  // unnest superseding the current numbers, one INSERT … FROM unnest of the shipments, one template
  // row, and one INSERT … SELECT of the outbox rows with their values.
  async baseline({ databaseUrl, projectId }, { file, rows, html, text }) {
    const db = await connect(databaseUrl);
    const parsed = Papa.parse<string[]>((await readFile(file, "utf8")).replace(/^\uFEFF/, ""), { skipEmptyLines: true });
    const numbers = parsed.data.slice(1).map((row) => Number(row[0]));
    const tracking = parsed.data.slice(1).map((row) => row[5]);
    const carriers = tracking.map((number) => {
      const code = getTracking(number)?.courier.code;
      const carrier = code ? CARRIERS[code] : undefined;
      if (!carrier) throw new Error(`tracking-apply baseline: no known carrier for ${number}`);
      return carrier;
    });
    await db.query("BEGIN");
    try {
      await db.query(
        `UPDATE shipment s SET superseded_at = now()
           FROM unnest($2::int[]) AS r(backer_number)
           JOIN backer b ON b.project_id = $1 AND b.backer_number = r.backer_number
           JOIN pledge p ON p.backer_id = b.id
          WHERE s.pledge_id = p.id AND s.superseded_at IS NULL`,
        [projectId, numbers],
      );
      const template = await db.query<{ id: string }>(
        `INSERT INTO email_template (kind, content_hash, placeholders, html, text)
         VALUES ('tracking-shipped', md5(random()::text), '["name","number","url","pledge"]', $1, $2) RETURNING id`,
        [html, text],
      );
      const inserted = await db.query(
        `WITH ins AS (
           INSERT INTO shipment (project_id, pledge_id, tracking_number, carrier, tracking_url, notified_at, created_by_id)
           SELECT $1, p.id, r.tracking_number, r.carrier, replace(r.url, '%s', r.tracking_number), now(), $4
             FROM unnest($2::int[], $3::text[], $6::text[], $7::text[]) AS r(backer_number, tracking_number, carrier, url)
             JOIN backer b ON b.project_id = $1 AND b.backer_number = r.backer_number
             JOIN pledge p ON p.backer_id = b.id
           RETURNING id, pledge_id, tracking_number, tracking_url)
         INSERT INTO email_message (to_email, kind, subject, idempotency_key, project_id, template_id, template_values)
         SELECT b.email, 'tracking-shipped', 'Your reward has shipped', 'tracking:' || ins.id, $1, $5::uuid,
                jsonb_build_array(b.name, ins.tracking_number, ins.tracking_url, 'http://localhost:3000/pledges/' || p.id || '/backing-details')
           FROM ins JOIN pledge p ON p.id = ins.pledge_id JOIN backer b ON b.id = p.backer_id`,
        [projectId, numbers, tracking, ACTOR, template.rows[0].id, carriers.map((c) => c.name), carriers.map((c) => c.url)],
      );
      if (inserted.rowCount !== rows) throw new Error(`tracking-apply baseline: queued ${inserted.rowCount} of ${rows}`);
      await db.query("COMMIT");
    } catch (error) {
      await db.query("ROLLBACK");
      throw error;
    }
  },
});
