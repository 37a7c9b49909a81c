import { PrismaPg } from "@prisma/adapter-pg";
import { parseBackerReportQuery } from "@/lib/backers/report/backer-report-query-schema";
import { listBackerReport } from "@/lib/backers/report/list-backer-report";
import { listBackerReportFilterChoices } from "@/lib/backers/report/list-backer-report-filter-options";
import { PrismaClient } from "@/lib/db/generated/client";
import { postgresSessionOptions } from "@/lib/db/postgres-session-options";
import { summarizeLatencies, type LatencySample, type LatencySummary } from "./summarize-latencies";

export type DatabaseOnlyOptions = {
  databaseUrl: string;
  projectId: string;
  /** The report URLs of the HTTP phases; each one's query string is the view to ask for. */
  urls: string[];
  connections: number;
  durationSeconds: number;
};

export type DatabaseOnlyFigures = LatencySummary & { seconds: number; requestsPerSecond: number; errors: number };

/**
 * The report's own database work with nothing else around it: for each URL, the page of rows with
 * its count and the filter choices (what the page's server component asks the database for),
 * through the same lib functions and a pg pool of `connections`, by `connections` callers each
 * walking its own rotation of the URLs back to back. No HTTP, no session lookup, no rendering: the
 * throughput the report would reach if rendering were free, to compare with the HTTP baseline.
 */
export async function measureDatabaseOnly(options: DatabaseOnlyOptions): Promise<DatabaseOnlyFigures> {
  const { databaseUrl, projectId, urls, connections, durationSeconds } = options;
  // The app's session options (lib/db/client.ts), so the queries are planned as the web process plans them.
  const sessionOptions = postgresSessionOptions({ parallelWorkersPerQuery: Number(process.env.DATABASE_PARALLEL_WORKERS_PER_QUERY ?? 0) });
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: connections, options: sessionOptions }) });
  const queries = urls.map((url) => parseBackerReportQuery(new URL(url, "http://load.invalid").searchParams).query);
  const samples: LatencySample[] = [];
  let errors = 0;
  // Untimed: opening the pool's connections and Prisma's first query plans, which the HTTP
  // baseline's server had already done while the URLs were being collected.
  await Promise.all(
    Array.from({ length: connections }, (_, i) =>
      Promise.all([listBackerReport(projectId, queries[i % queries.length], db), listBackerReportFilterChoices(projectId, db)]).catch(() => undefined),
    ),
  );
  const startedAt = Date.now();
  const deadline = startedAt + durationSeconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: connections }, async (_, caller) => {
        let next = Math.floor((caller * queries.length) / connections);
        while (Date.now() < deadline) {
          const query = queries[next++ % queries.length];
          const t = performance.now();
          try {
            await Promise.all([listBackerReport(projectId, query, db), listBackerReportFilterChoices(projectId, db)]);
            samples.push({ at: Date.now(), ms: performance.now() - t, status: 200 });
          } catch {
            // A stale cursor or the like would be recovered by the page; here it only counts.
            errors += 1;
          }
        }
      }),
    );
  } finally {
    await db.$disconnect();
  }
  const seconds = (Date.now() - startedAt) / 1000;
  const summary = summarizeLatencies(samples);
  return {
    ...summary,
    seconds: Math.round(seconds * 10) / 10,
    requestsPerSecond: Math.round((summary.requests / seconds) * 10) / 10,
    errors,
  };
}
