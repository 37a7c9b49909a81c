import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { segmentWhereSql } from "./segment-where-sql";
import { withSegmentQuerySettings } from "./with-segment-query-settings";

/**
 * How many of the project's backers match a filter (the live count of the segment builder), in one
 * query. The filter is validated first: INVALID_INPUT for a bad filter, NOT_FOUND for an id of
 * another project.
 */
export async function countSegmentBackers(db: Tx, projectId: string, filter: unknown): Promise<number> {
  return withSegmentQuerySettings(db, async (tx) => {
    const { where } = await segmentWhereSql(tx, projectId, filter);
    return countBackersWhere(tx, where);
  });
}

/** The count for a compiled segment condition (see segmentWhereSql), in the caller's transaction. */
export async function countBackersWhere(tx: Tx, where: Prisma.Sql): Promise<number> {
  const rows = await tx.$queryRaw<{ count: number }[]>(
    Prisma.sql`SELECT count(*)::int AS count FROM backer b JOIN pledge p ON p.backer_id = b.id WHERE ${where}`,
  );
  return rows[0].count;
}
