import "server-only";
import type { Tx } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";

/**
 * Memory for one segment query's hash tables. With Postgres' default (4 MB) a "not in segment" or
 * "has an item" over 250,000 backers cannot be hashed once and is probed per backer instead, and the
 * backer–pledge join spills to disk; transaction-local, so pooled connections are unaffected.
 */
export const SEGMENT_QUERY_WORK_MEM = "64MB";

/**
 * Runs segment queries with settings that let Postgres hash sets once rather than probe per backer.
 * Given a PrismaClient it opens a short transaction; given a transaction it applies them to it (callers
 * embedding segmentMembershipSql in their own transaction can call this with theirs).
 */
export async function withSegmentQuerySettings<T>(db: Tx, run: (tx: Tx) => Promise<T>): Promise<T> {
  const apply = async (tx: Tx) => {
    await tx.$queryRaw`SELECT set_config('work_mem', ${SEGMENT_QUERY_WORK_MEM}, true)`;
    return run(tx);
  };
  // A count over a big project may take longer than Prisma's default 5 s transaction limit when the
  // machine is busy; it holds no locks, so a generous limit costs nothing.
  if ("$transaction" in db) {
    return (db as unknown as PrismaClient).$transaction((tx) => apply(tx), { timeout: 60_000, maxWait: 10_000 });
  }
  return apply(db);
}
