import pg from "pg";
import { createElement } from "react";
import { AppRouterContext, type AppRouterInstance } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { renderToStaticMarkup } from "react-dom/server";
import { DEFAULT_BACKER_REPORT_COLUMNS } from "@/lib/backers/report/backer-report-columns";
import { BackerReportView } from "@/components/backer-report/backer-report-view";
import { DEFAULT_BACKER_REPORT_QUERY, type BackerReportQuery } from "@/lib/backers/report/backer-report-query-schema";
import { listBackerReport } from "@/lib/backers/report/list-backer-report";
import { defineScenario } from "../bench-scenario";

/** The view measured: collected pledges, largest first, first page of 50. */
const QUERY: BackerReportQuery = {
  ...DEFAULT_BACKER_REPORT_QUERY,
  filter: { ...DEFAULT_BACKER_REPORT_QUERY.filter, statuses: ["COLLECTED"] },
  sort: "amount",
  dir: "desc",
  pageSize: 50,
};

let client: pg.Client | null = null;

/**
 * What the last iteration answered, in the columns a creator reads: the report leaves no rows, so
 * the outcome both sides must agree on is the page itself (every column, in order) and the count.
 */
let lastAnswer: unknown = null;
function answerOf(
  rows: {
    id: string;
    backer_number: number | null;
    name: string;
    email: string;
    pledge_level_name: string | null;
    amount: number | null;
    status: string | null;
    country: string | null;
    tracking_number: string | null;
    carrier: string | null;
    digital_rewards: string[] | null;
    credit_balance: number;
  }[],
  total: number,
) {
  return {
    total,
    rows: rows.map((r) => [
      r.id,
      r.backer_number,
      r.name,
      r.email,
      r.pledge_level_name,
      r.amount,
      r.status,
      r.country,
      r.tracking_number,
      r.carrier,
      r.digital_rewards ?? [],
      Number(r.credit_balance),
    ]),
  };
}

export default defineScenario({
  name: "backer-report",
  description: "first page (50) of the report, status collected, by amount desc: query, count and HTML render",
  lowerBound: "rendering the page's HTML (it returns the rows only)",
  runs: 15,
  warmups: 3,
  async run({ projectId }) {
    const page = await listBackerReport(projectId, QUERY);
    if (page.rows.length !== QUERY.pageSize || page.totalCount === 0)
      throw new Error("backer-report: unexpected empty page");
    // What the page's server component does with it: the table, filters and pagination as HTML.
    // The table asks for the router (as in tests/unit/backer-report-components); rendering never calls it.
    const html = renderToStaticMarkup(
      createElement(
        AppRouterContext.Provider,
        { value: {} as AppRouterInstance },
        createElement(BackerReportView, {
          page,
          query: QUERY,
          path: `/projects/${projectId}/backers`,
          options: { pledgeLevels: [], countries: [], digitalRewards: [], segments: [] },
          importHref: `/projects/${projectId}/import`,
          projectId,
          exportUrl: `/projects/${projectId}/backers/export`,
          columns: [...DEFAULT_BACKER_REPORT_COLUMNS],
          rememberColumns: { cookieName: "report-columns", userId: "bench" },
          timeZone: "UTC",
        }),
      ),
    );
    if (!html.includes("<table")) throw new Error("backer-report: the table did not render");
    lastAnswer = answerOf(
      page.rows.map((r) => ({
        id: r.id,
        backer_number: r.backerNumber,
        name: r.name,
        email: r.email,
        pledge_level_name: r.pledgeLevelName,
        amount: r.amount,
        status: r.status,
        country: r.country,
        tracking_number: r.trackingNumber,
        carrier: r.carrier,
        digital_rewards: r.digitalRewards,
        credit_balance: r.creditBalance,
      })),
      page.totalCount,
    );
  },
  // The same rows and count by one hand-written statement each, on a bare pg connection.
  async baseline({ projectId, databaseUrl }) {
    if (!client) {
      client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
    }
    const page = await client.query(
      `SELECT b.id, b.backer_number, b.name, b.email, pl.name AS pledge_level_name, p.amount, pr.currency, p.status,
              p.pledged_at, b.country,
              (SELECT s.tracking_number FROM shipment s WHERE s.pledge_id = p.id AND s.superseded_at IS NULL
                ORDER BY s.shipped_at DESC LIMIT 1) AS tracking_number,
              (SELECT s.carrier FROM shipment s WHERE s.pledge_id = p.id AND s.superseded_at IS NULL
                ORDER BY s.shipped_at DESC LIMIT 1) AS carrier,
              (SELECT array_agg(d.name ORDER BY d.name) FROM digital_reward_delivery x
                 JOIN digital_reward d ON d.id = x.digital_reward_id WHERE x.pledge_id = p.id) AS digital_rewards,
              (SELECT coalesce(sum(c.amount), 0) FROM credit_entry c WHERE c.pledge_id = p.id) AS credit_balance
       FROM backer b
       JOIN pledge p ON p.backer_id = b.id
       JOIN project pr ON pr.id = b.project_id
       LEFT JOIN pledge_level pl ON pl.id = p.pledge_level_id
       WHERE b.project_id = $1 AND p.status = 'COLLECTED'
       ORDER BY p.amount DESC, b.id DESC
       LIMIT 50`,
      [projectId],
    );
    const count = await client.query(
      `SELECT count(*) FROM backer b JOIN pledge p ON p.backer_id = b.id WHERE b.project_id = $1 AND p.status = 'COLLECTED'`,
      [projectId],
    );
    if (page.rows.length !== 50 || Number(count.rows[0].count) === 0)
      throw new Error("backer-report baseline: unexpected empty page");
    lastAnswer = answerOf(page.rows, Number(count.rows[0].count));
  },
  async outcome() {
    const answer = lastAnswer;
    lastAnswer = null;
    return answer;
  },
});
