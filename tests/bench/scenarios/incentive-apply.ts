import pg from "pg";
import { prisma } from "@/lib/db/client";
import { applyIncentive } from "@/lib/incentives/apply-incentive";
import { defaultIncentiveExclusions } from "@/lib/incentives/incentive-schemas";
import { defineScenario } from "../bench-scenario";

const SEGMENT_SIZE = 100_000;
const CREDIT_NAME = "Bench thank-you credit";
const ITEM_NAME = "Bench early bird pin";

type State = { segmentId: string; itemId: string; itemOptionId: string | null; members: number };

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
let expected: { credit: number; item: number } | null = null;

export default defineScenario<State>({
  name: "incentive-apply",
  description: `apply complimentary credit and a free physical item to a ${SEGMENT_SIZE.toLocaleString("en-US")}-backer segment (default exclusions, grants, credit entries, cart lines, audit)`,
  runs: 3,
  warmups: 1,
  async setup({ databaseUrl, projectId, backers }) {
    return withClient(databaseUrl, async (client) => {
      const members = Math.min(SEGMENT_SIZE, backers);
      const segment = await client.query<{ id: string }>(
        `INSERT INTO segment (project_id, name, kind) VALUES ($1, 'Bench incentive recipients', 'STATIC') RETURNING id`,
        [projectId],
      );
      await client.query(
        `INSERT INTO segment_member (segment_id, backer_id)
         SELECT $1, id FROM backer WHERE project_id = $2 ORDER BY backer_number LIMIT $3`,
        [segment.rows[0].id, projectId, members],
      );
      const item = await client.query<{ id: string; option_id: string | null }>(
        `SELECT i.id, (SELECT o.id FROM item_option o WHERE o.item_id = i.id ORDER BY o.position LIMIT 1) AS option_id
         FROM item i WHERE i.project_id = $1 AND i.physical ORDER BY i.is_add_on, i.name LIMIT 1`,
        [projectId],
      );
      await client.query("VACUUM (ANALYZE) segment_member");
      return { segmentId: segment.rows[0].id, itemId: item.rows[0].id, itemOptionId: item.rows[0].option_id, members };
    });
  },
  // Take back the previous iteration's incentives completely, and reclaim the space.
  async reset({ databaseUrl }) {
    await withClient(databaseUrl, async (client) => {
      await client.query(
        `DELETE FROM credit_entry WHERE incentive_grant_id IS NOT NULL OR reason LIKE 'Complimentary credit: Bench%'`,
      );
      await client.query(`DELETE FROM incentive WHERE name IN ($1, $2)`, [CREDIT_NAME, ITEM_NAME]);
      await client.query(`DELETE FROM audit_event WHERE action = 'incentive.apply'`);
      await client.query("VACUUM (ANALYZE) incentive_grant, credit_entry, cart_line");
    });
  },
  async run({ projectId }, state) {
    const common = { projectId, actorId: null, segmentId: state.segmentId, notifyBackers: false } as const;
    const long = { timeout: 120_000, maxWait: 10_000 };
    const credit = await prisma.$transaction(
      (tx) =>
        applyIncentive(tx, {
          ...common,
          incentive: { name: CREDIT_NAME, definition: { kind: "CREDIT", creditAmount: 500 } },
          exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
        }),
      long,
    );
    const item = await prisma.$transaction(
      (tx) =>
        applyIncentive(tx, {
          ...common,
          incentive: {
            name: ITEM_NAME,
            definition: { kind: "ITEM", itemId: state.itemId, itemOptionId: state.itemOptionId, quantity: 1 },
          },
          exclusions: defaultIncentiveExclusions({ kind: "ITEM", physical: true }),
        }),
      long,
    );
    if (expected && (credit.granted !== expected.credit || item.granted !== expected.item)) {
      throw new Error(
        `incentive-apply: granted ${credit.granted}/${item.granted}, the baseline ${expected.credit}/${expected.item}`,
      );
    }
    if (credit.granted < state.members * 0.5) throw new Error(`incentive-apply: only ${credit.granted} credit grants`);
    expected = { credit: credit.granted, item: item.granted };
  },
  // The same rows by hand: the incentive, its grants with their credit entries or cart lines (one
  // statement each), and the audit row, in one transaction per incentive.
  async baseline({ databaseUrl, projectId }, state) {
    if (!baselineClient) {
      baselineClient = new pg.Client({ connectionString: databaseUrl });
      await baselineClient.connect();
    }
    const client = baselineClient;
    const members = `FROM backer b JOIN pledge p ON p.backer_id = b.id LEFT JOIN pledge_level l ON l.id = p.pledge_level_id
      WHERE b.project_id = $2 AND b.id IN (SELECT backer_id FROM segment_member WHERE segment_id = $3)
        AND p.status NOT IN ('FAILED', 'ERRORED', 'DROPPED', 'REFUNDED')`;
    const counts = { credit: 0, item: 0 };
    for (const kind of ["credit", "item"] as const) {
      await client.query("BEGIN");
      try {
        const incentive = await client.query<{ id: string }>(
          kind === "credit"
            ? `INSERT INTO incentive (project_id, name, kind, credit_amount, segment_id) VALUES ($1, $2, 'CREDIT', 500, $3) RETURNING id`
            : `INSERT INTO incentive (project_id, name, kind, item_id, item_option_id, quantity, segment_id) VALUES ($1, $2, 'ITEM', $4, $5, 1, $3) RETURNING id`,
          kind === "credit"
            ? [projectId, CREDIT_NAME, state.segmentId]
            : [projectId, ITEM_NAME, state.segmentId, state.itemId, state.itemOptionId],
        );
        const write =
          kind === "credit"
            ? `INSERT INTO credit_entry (pledge_id, amount, reason, incentive_grant_id) SELECT pledge_id, 500, 'Complimentary credit: ${CREDIT_NAME}', id FROM granted`
            : `INSERT INTO cart_line (pledge_id, item_id, item_option_id, quantity, unit_price, source, incentive_grant_id)
               SELECT pledge_id, $4, $5, 1, 0, 'INCENTIVE', id FROM granted`;
        const result = await client.query(
          `WITH granted AS (
             INSERT INTO incentive_grant (incentive_id, pledge_id)
             SELECT $1, p.id ${members} ${kind === "item" ? "AND l.id IS NOT NULL AND l.kind = 'PHYSICAL'" : ""}
             ON CONFLICT (incentive_id, pledge_id) DO NOTHING
             RETURNING id, pledge_id
           ) ${write}`,
          kind === "credit"
            ? [incentive.rows[0].id, projectId, state.segmentId]
            : [incentive.rows[0].id, projectId, state.segmentId, state.itemId, state.itemOptionId],
        );
        counts[kind] = result.rowCount ?? 0;
        await client.query(
          `INSERT INTO audit_event (project_id, action, target_count) VALUES ($1, 'incentive.apply', $2)`,
          [projectId, counts[kind]],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
    if (expected && (counts.credit !== expected.credit || counts.item !== expected.item)) {
      throw new Error(
        `incentive-apply baseline: ${counts.credit}/${counts.item} ≠ ${expected.credit}/${expected.item}`,
      );
    }
  },
});
