import { randomUUID } from "node:crypto";
import pg from "pg";
import { DEFAULT_BACKER_REPORT_QUERY } from "@/lib/backers/report/backer-report-query-schema";
import { digitalRewardEmailProps } from "@/lib/digital-rewards/digital-reward-email-props";
import { linkInstructions } from "@/lib/digital-rewards/link-instructions";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { SEND_TRANSACTION_OPTIONS, sendDigitalRewardOrThrow } from "@/lib/digital-rewards/send-digital-reward";
import { renderEmail } from "@/lib/mail/render-email";
import { defineScenario } from "../bench-scenario";

/** Backers selected (a static segment, selected through "all matching this filter") and codes assigned. */
const RECIPIENTS = 100_000;
/** The bank holds more codes than needed, as creators upload them. */
const BANK = 110_000;
const REWARD_NAME = "Bench game key";
const INSTRUCTIONS =
  "Redeem your key at https://store.example.com/redeem before June 30.\n\nQuestions? Reply to our last update.";

type State = { rewardId: string; segmentId: string; recipients: number };

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let baselineClient: pg.Client | null = null;
let template: { subject: string; html: string; text: string } | null = null;

export default defineScenario<State>({
  name: "digital-codes-assign",
  description: `assign ${RECIPIENTS.toLocaleString("en-US")} bank codes to ${RECIPIENTS.toLocaleString("en-US")} selected backers and queue their emails`,
  runs: 3,
  warmups: 1,
  async setup({ databaseUrl, projectId, backers }) {
    return withClient(databaseUrl, async (client) => {
      const recipients = Math.min(RECIPIENTS, backers);
      const reward = await client.query<{ id: string }>(
        `INSERT INTO digital_reward (project_id, name, kind, instructions) VALUES ($1, $2, 'UNIQUE', $3) RETURNING id`,
        [projectId, REWARD_NAME, INSTRUCTIONS],
      );
      const rewardId = reward.rows[0].id;
      await client.query(
        `INSERT INTO digital_code (digital_reward_id, value) SELECT $1, 'KEY-' || lpad(n::text, 7, '0') || '-' || substr(md5(n::text), 1, 8) FROM generate_series(1, $2) n`,
        [rewardId, Math.max(BANK, recipients)],
      );
      const segment = await client.query<{ id: string }>(
        `INSERT INTO segment (project_id, name, kind) VALUES ($1, 'Bench digital recipients', 'STATIC') RETURNING id`,
        [projectId],
      );
      const segmentId = segment.rows[0].id;
      await client.query(
        `INSERT INTO segment_member (segment_id, backer_id)
         SELECT $1, b.id FROM backer b JOIN pledge p ON p.backer_id = b.id WHERE b.project_id = $2 ORDER BY b.backer_number LIMIT $3`,
        [segmentId, projectId, recipients],
      );
      await client.query("VACUUM (ANALYZE) digital_code, segment_member");
      return { rewardId, segmentId, recipients };
    });
  },
  // Undo the previous iteration's assignment, emails and audit row, and reclaim their space.
  async reset({ databaseUrl }, { rewardId }) {
    await withClient(databaseUrl, async (client) => {
      await client.query(`DELETE FROM email_message WHERE kind = 'digital-reward'`);
      await client.query(`DELETE FROM digital_reward_delivery WHERE digital_reward_id = $1`, [rewardId]);
      await client.query(
        `UPDATE digital_code SET pledge_id = NULL, assigned_at = NULL WHERE digital_reward_id = $1 AND pledge_id IS NOT NULL`,
        [rewardId],
      );
      await client.query(`DELETE FROM audit_event WHERE action LIKE 'digital-reward.%'`);
      await client.query("VACUUM (ANALYZE) email_message, digital_reward_delivery, digital_code");
    });
  },
  // Both paths must leave the same rows: one delivery, one assigned code with the delivery's value
  // and one queued email per recipient, and one audit event.
  async outcome({ databaseUrl }, { rewardId }) {
    return withClient(databaseUrl, async (client) => {
      const { rows } = await client.query(
        `SELECT
           (SELECT count(*)::int FROM digital_reward_delivery WHERE digital_reward_id = $1) AS deliveries,
           (SELECT count(*)::int FROM digital_code WHERE digital_reward_id = $1 AND pledge_id IS NOT NULL) AS assigned_codes,
           (SELECT count(*)::int FROM digital_reward_delivery d
              JOIN digital_code c ON c.digital_reward_id = d.digital_reward_id AND c.pledge_id = d.pledge_id AND c.value = d.value
              WHERE d.digital_reward_id = $1) AS deliveries_matching_their_code,
           (SELECT count(DISTINCT to_email)::int FROM email_message WHERE kind = 'digital-reward' AND status = 'QUEUED') AS emailed_recipients,
           (SELECT count(*)::int FROM email_message WHERE kind = 'digital-reward') AS emails,
           (SELECT count(*)::int FROM audit_event WHERE action = 'digital-reward.send') AS audit_events`,
        [rewardId],
      );
      return rows[0];
    });
  },
  async run({ projectId }, { rewardId, segmentId, recipients }) {
    // Opened as the send job opens it.
    const result = await runInTransaction(
      (tx) =>
        sendDigitalRewardOrThrow(tx, {
          projectId,
          rewardId,
          selection: { kind: "matching", filter: { ...DEFAULT_BACKER_REPORT_QUERY.filter, segmentId }, exceptIds: [] },
          codes: { source: "bank" },
          // Every selected backer, as the baseline sends: the seeded failed and dropped pledges included.
          exclusions: { failedPayments: false, droppedPledges: false },
          token: randomUUID(),
          actorId: null,
        }),
      SEND_TRANSACTION_OPTIONS,
    );
    if (result.sent !== recipients)
      throw new Error(`digital-codes-assign: sent ${result.sent}, expected ${recipients}`);
  },
  // The same writes by hand: pair recipients with the next bank codes, insert the deliveries,
  // assign the codes, and insert one outbox row per recipient (the template stored once, each
  // row's own values), as the outbox stores bulk mail.
  async baseline({ databaseUrl, projectId }, { rewardId, segmentId, recipients }) {
    if (!baselineClient) {
      baselineClient = new pg.Client({ connectionString: databaseUrl });
      await baselineClient.connect();
    }
    if (!template) {
      template = await renderEmail(
        "digital-reward",
        digitalRewardEmailProps({
          projectName: "Benchmark campaign",
          rewardName: REWARD_NAME,
          backerName: "@@NAME@@",
          value: "@@CODE@@",
          instructions: linkInstructions(INSTRUCTIONS),
          appUrl: "http://localhost:3000",
          pledgeId: "@@PLEDGE@@",
        }),
      );
    }
    const client = baselineClient;
    await client.query("BEGIN");
    try {
      // The outbox stores a bulk send's rendered template once and each message's own values.
      await client.query(
        `INSERT INTO email_template (kind, content_hash, placeholders, html, text)
         VALUES ('digital-reward', 'bench-digital-codes-assign', '["backerName","value","detailsUrl"]', $1, $2)
         ON CONFLICT (content_hash) DO NOTHING`,
        [template.html, template.text],
      );
      const templateId = (
        await client.query<{ id: string }>(
          `SELECT id FROM email_template WHERE content_hash = 'bench-digital-codes-assign'`,
        )
      ).rows[0].id;
      await client.query(
        `CREATE TEMP TABLE pairs ON COMMIT DROP AS
         WITH recipients AS (
           SELECT p.id AS pledge_id, b.email, b.name, row_number() OVER (ORDER BY b.backer_number NULLS LAST, b.id) AS rn
           FROM backer b
           JOIN pledge p ON p.backer_id = b.id
           WHERE b.project_id = $1
             AND b.id IN (SELECT backer_id FROM segment_member WHERE segment_id = $2)
             AND NOT EXISTS (SELECT 1 FROM digital_reward_delivery d WHERE d.pledge_id = p.id AND d.digital_reward_id = $3)
         ), claimed AS (
           SELECT id, value, row_number() OVER (ORDER BY created_at, id) AS rn
           FROM (SELECT id, value, created_at FROM digital_code
                 WHERE digital_reward_id = $3 AND pledge_id IS NULL
                 ORDER BY created_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) c
         )
         SELECT r.pledge_id, r.email, r.name, c.id AS code_id, c.value FROM recipients r JOIN claimed c USING (rn)`,
        [projectId, segmentId, rewardId, recipients],
      );
      await client.query(
        `UPDATE digital_code c SET pledge_id = p.pledge_id, assigned_at = now() FROM pairs p WHERE c.id = p.code_id`,
      );
      await client.query(
        `WITH delivered AS (
           INSERT INTO digital_reward_delivery (digital_reward_id, pledge_id, value)
           SELECT $1, pledge_id, value FROM pairs ORDER BY pledge_id
           RETURNING id, pledge_id
         )
         INSERT INTO email_message (to_email, kind, subject, idempotency_key, project_id, template_id, template_values)
         SELECT p.email, 'digital-reward', $2, 'digital-reward-delivery:' || d.id || ':1', $3, $4,
                jsonb_build_array(p.name, p.value, 'http://localhost:3000/pledges/' || p.pledge_id || '/backing-details')
         FROM delivered d JOIN pairs p USING (pledge_id)`,
        [rewardId, template.subject, projectId, templateId],
      );
      await client.query(
        `INSERT INTO audit_event (project_id, action, target_count) VALUES ($1, 'digital-reward.send', $2)`,
        [projectId, recipients],
      );
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  },
});
