/**
 * The startup `options` of every connection the app opens (libpq's `-c name=value` list), so the
 * settings hold on any Postgres server without configuring it, and from the first statement.
 *
 * max_parallel_workers_per_gather: Postgres's default (2) lets one count or page query fork two
 * helper processes. That buys latency only when cores are idle; with many creators on a small
 * server it is pure overhead — each helper plans, builds its own hash of the same rows and ships
 * tuples back. Measured on the 2-core reference machine at 250,000 backers with 20 creators on the
 * report: 60 ms of Postgres CPU per report page with parallel plans, 42–45 ms without; a lone
 * five-condition segment count was no faster with two workers (177 ms) than with none (158 ms).
 * So the app's sessions plan serially unless DATABASE_PARALLEL_WORKERS_PER_QUERY says otherwise.
 * Not imported with "server-only": the load test's database-only phase opens its pool with the
 * same options, so it measures the queries as the app runs them.
 */
export function postgresSessionOptions({ parallelWorkersPerQuery }: { parallelWorkersPerQuery: number }): string {
  if (!Number.isInteger(parallelWorkersPerQuery) || parallelWorkersPerQuery < 0) {
    throw new Error(`parallelWorkersPerQuery must be a whole number ≥ 0, not ${parallelWorkersPerQuery}`);
  }
  return `-c max_parallel_workers_per_gather=${parallelWorkersPerQuery}`;
}
