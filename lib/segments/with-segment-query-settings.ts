import "server-only";
import type { Tx } from "@/lib/db/client";
import { runInTransaction } from "@/lib/db/run-in-transaction";

/**
 * Memory for one segment query's hash tables. With Postgres' default (4 MB) a "not in segment" or
 * "has an item" over 250,000 backers cannot be hashed once and is probed per backer instead, and the
 * backer–pledge join spills to disk; transaction-local, so pooled connections are unaffected.
 */
export const SEGMENT_QUERY_WORK_MEM = "64MB";

/**
 * Parallel workers for one segment query. The app's sessions plan serially (lib/db/postgres-session-options.ts:
 * with many creators on the report, parallel plans cost more CPU than they save), but a segment count
 * is one heavy join per keystroke of the builder, and alone on the 2-core reference machine it took
 * 132 ms with Postgres's default two workers against 170 ms without (bench segment-count, 250,000
 * backers, five conditions). So segment queries keep Postgres's default.
 */
export const SEGMENT_QUERY_PARALLEL_WORKERS = 2;

/**
 * Runs segment queries with settings that let Postgres hash sets once rather than probe per backer.
 * Given a PrismaClient it opens a short transaction; given a transaction it applies them to it (callers
 * embedding segmentMembershipSql in their own transaction can call this with theirs).
 */
export async function withSegmentQuerySettings<T>(db: Tx, run: (tx: Tx) => Promise<T>): Promise<T> {
  // A count over a big project may take longer than Prisma's default 5 s transaction limit when the
  // machine is busy; it holds no locks, so a generous limit costs nothing.
  return runInTransaction(run, {
    db,
    timeout: 60_000,
    maxWait: 10_000,
    settings: { work_mem: SEGMENT_QUERY_WORK_MEM, max_parallel_workers_per_gather: SEGMENT_QUERY_PARALLEL_WORKERS },
  });
}
