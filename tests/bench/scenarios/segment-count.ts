import pg from "pg";
import { prisma } from "@/lib/db/client";
import { countSegmentBackers } from "@/lib/segments/count-segment-backers";
import { defineScenario } from "../bench-scenario";

/** Members of the static segment the filter excludes ("Not in any of these segments"). */
const STATIC_MEMBERS = 25_000;
const WITHIN_HOURS = 336;

type State = { levelIds: string[]; countries: string[]; staticSegmentId: string; launchedAt: string };

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const filterOf = (s: State) => ({
  type: "and",
  conditions: [
    { type: "inPledgeLevels", pledgeLevelIds: s.levelIds },
    { type: "paymentStatus", statuses: ["COLLECTED"] },
    { type: "pledgedWithinFirstHours", hours: WITHIN_HOURS },
    { type: "country", countries: s.countries },
    { type: "notInAnyOfTheseSegments", segmentIds: [s.staticSegmentId] },
  ],
});

let baselineClient: pg.Client | null = null;
let expected: number | null = null;
/** The last count, product's or baseline's: a count leaves no rows, so it is the outcome. */
let lastCount: number | null = null;

export default defineScenario<State>({
  name: "segment-count",
  description: `live count of a five-condition segment (levels, collected, first ${WITHIN_HOURS} h, 5 countries, NOT in a ${STATIC_MEMBERS.toLocaleString("en-US")}-member static segment)`,
  runs: 15,
  warmups: 3,
  async setup({ databaseUrl, projectId, backers }) {
    return withClient(databaseUrl, async (client) => {
      const levels = await client.query<{ id: string }>(
        `SELECT id FROM pledge_level WHERE project_id = $1 AND kind = 'PHYSICAL' ORDER BY position`,
        [projectId],
      );
      const countries = await client.query<{ country: string }>(
        `SELECT country FROM backer WHERE project_id = $1 AND country IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 5`,
        [projectId],
      );
      const segment = await client.query<{ id: string }>(
        `INSERT INTO segment (project_id, name, kind) VALUES ($1, 'Bench excluded backers', 'STATIC') RETURNING id`,
        [projectId],
      );
      await client.query(
        `INSERT INTO segment_member (segment_id, backer_id)
         SELECT $1, id FROM backer WHERE project_id = $2 ORDER BY md5(id::text) LIMIT $3`,
        // A tenth of a small campaign, so the NOT still leaves backers to count.
        [segment.rows[0].id, projectId, Math.min(STATIC_MEMBERS, Math.floor(backers / 10))],
      );
      await client.query("VACUUM (ANALYZE) segment_member");
      const project = await client.query<{ launched_at: Date }>(`SELECT launched_at FROM project WHERE id = $1`, [
        projectId,
      ]);
      return {
        levelIds: levels.rows.map((r) => r.id),
        countries: countries.rows.map((r) => r.country),
        staticSegmentId: segment.rows[0].id,
        launchedAt: project.rows[0].launched_at.toISOString(),
      };
    });
  },
  async run({ projectId }, state) {
    const count = await countSegmentBackers(prisma, projectId, filterOf(state));
    if (expected !== null && count !== expected)
      throw new Error(`segment-count: counted ${count}, the baseline ${expected}`);
    if (count === 0) throw new Error("segment-count: the filter matched nobody");
    expected = count;
    lastCount = count;
  },
  // The same count, hand-written, on a bare connection with the same work_mem.
  async baseline({ databaseUrl, projectId }, state) {
    if (!baselineClient) {
      baselineClient = new pg.Client({ connectionString: databaseUrl });
      await baselineClient.connect();
      await baselineClient.query("SET work_mem = '64MB'");
    }
    const cutoff = new Date(Date.parse(state.launchedAt) + WITHIN_HOURS * 3_600_000).toISOString();
    const { rows } = await baselineClient.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM backer b JOIN pledge p ON p.backer_id = b.id
       WHERE b.project_id = $1 AND p.pledge_level_id = ANY($2::uuid[]) AND p.status = 'COLLECTED'
         AND p.pledged_at < $3::timestamptz AND b.country = ANY($4::text[])
         AND NOT EXISTS (SELECT 1 FROM segment_member sm WHERE sm.segment_id = $5 AND sm.backer_id = b.id)`,
      [projectId, state.levelIds, cutoff, state.countries, state.staticSegmentId],
    );
    if (expected !== null && rows[0].n !== expected)
      throw new Error(`segment-count baseline: ${rows[0].n} ≠ ${expected}`);
    expected = rows[0].n;
    lastCount = rows[0].n;
  },
  async outcome() {
    const count = lastCount;
    lastCount = null;
    return count;
  },
});
