import { readFile } from "node:fs/promises";
import Papa from "papaparse";
import pg from "pg";
import { DEFAULT_BACKER_REPORT_QUERY } from "@/lib/backers/report/backer-report-query-schema";
import { renderEmail } from "@/lib/mail/render-email";
import { applyTrackingUploadOrThrow } from "@/lib/tracking/apply-tracking-upload";
import { defineScenario } from "../bench-scenario";
import { writeFilledTemplate } from "./tracking-preview";

type State = { file: string; rows: number; html: string; text: string };


const ACTOR = "bench-tracking-apply";

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
  lowerBound: "validating numbers and detecting carriers (the carrier is hard-coded)",
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
  async run({ projectId }, { file, rows }) {
    const bytes = new Uint8Array(await readFile(file));
    const result = await applyTrackingUploadOrThrow({
      projectId,
      fileName: "tracking.csv",
      bytes,
      selection: { kind: "matching", filter: DEFAULT_BACKER_REPORT_QUERY.filter, exceptIds: [] },
      skipExisting: false,
      separatePackages: false,
      actorId: ACTOR,
    });
    if (result.shipmentsAdded !== rows || result.emailsQueued !== rows) {
      throw new Error(`tracking-apply: added ${result.shipmentsAdded} shipments and ${result.emailsQueued} emails for ${rows} rows`);
    }
  },
  // The same writes by hand on a bare pg connection, in one transaction, as the outbox stores bulk
  // mail (one shared template, per-recipient values): the file's numbers as two arrays, one
  // UPDATE … FROM unnest superseding the current numbers, one INSERT … FROM unnest of the
  // shipments, one template row, and one INSERT … SELECT of the outbox rows with their values.
  async baseline({ databaseUrl, projectId }, { file, rows, html, text }) {
    const db = await connect(databaseUrl);
    const parsed = Papa.parse<string[]>((await readFile(file, "utf8")).replace(/^\uFEFF/, ""), { skipEmptyLines: true });
    const numbers = parsed.data.slice(1).map((row) => Number(row[0]));
    const tracking = parsed.data.slice(1).map((row) => row[5]);
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
           SELECT $1, p.id, r.tracking_number, 'UPS', 'https://www.ups.com/track?tracknum=' || r.tracking_number, now(), $4
             FROM unnest($2::int[], $3::text[]) AS r(backer_number, tracking_number)
             JOIN backer b ON b.project_id = $1 AND b.backer_number = r.backer_number
             JOIN pledge p ON p.backer_id = b.id
           RETURNING id, pledge_id, tracking_number, tracking_url)
         INSERT INTO email_message (to_email, kind, subject, idempotency_key, project_id, template_id, template_values)
         SELECT b.email, 'tracking-shipped', 'Your reward has shipped', 'tracking:' || ins.id, $1, $5::uuid,
                jsonb_build_array(b.name, ins.tracking_number, ins.tracking_url, 'http://localhost:3000/pledges/' || p.id || '/backing-details')
           FROM ins JOIN pledge p ON p.id = ins.pledge_id JOIN backer b ON b.id = p.backer_id`,
        [projectId, numbers, tracking, ACTOR, template.rows[0].id],
      );
      if (inserted.rowCount !== rows) throw new Error(`tracking-apply baseline: queued ${inserted.rowCount} of ${rows}`);
      await db.query("COMMIT");
    } catch (error) {
      await db.query("ROLLBACK");
      throw error;
    }
  },
});
