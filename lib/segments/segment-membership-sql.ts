import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";
import { segmentWhereSql } from "./segment-where-sql";
import { withSegmentQuerySettings } from "./with-segment-query-settings";

/**
 * A subquery yielding the ids of the backers matching a filter (`SELECT b.id FROM …`), for other
 * features to embed: `WHERE x.backer_id IN (${sql})`. Validated like countSegmentBackers.
 */
export async function segmentFilterMembershipSql(db: Tx, projectId: string, filter: unknown): Promise<Prisma.Sql> {
  const { where } = await segmentWhereSql(db, projectId, filter);
  return Prisma.sql`SELECT b.id FROM backer b JOIN pledge p ON p.backer_id = b.id WHERE ${where}`;
}

/**
 * A subquery yielding the ids of the backers currently in a segment (a filter segment is evaluated
 * now; a static segment is its member list, restricted to backers with a pledge like every segment).
 * Embed it as `WHERE x.backer_id IN (${sql})`, ideally inside withSegmentQuerySettings (big segments
 * are then hashed once). Throws NOT_FOUND when the segment is not one of the project's.
 */
export async function segmentMembershipSql(db: Tx, projectId: string, segmentId: string): Promise<Prisma.Sql> {
  await assertSegmentInProjectOrThrow(db, projectId, segmentId);
  return segmentFilterMembershipSql(db, projectId, { type: "inAnyOfTheseSegments", segmentIds: [segmentId] });
}

/** The ids of the backers currently in a segment (see segmentMembershipSql). */
export async function resolveSegmentBackerIds(db: Tx, projectId: string, segmentId: string): Promise<string[]> {
  return withSegmentQuerySettings(db, async (tx) => {
    const sql = await segmentMembershipSql(tx, projectId, segmentId);
    const rows = await tx.$queryRaw<{ id: string }[]>(sql);
    return rows.map((r) => r.id);
  });
}

async function assertSegmentInProjectOrThrow(db: Tx, projectId: string, segmentId: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segmentId);
  const segment = isUuid
    ? await db.segment.findFirst({ where: { id: segmentId, projectId }, select: { id: true } })
    : null;
  if (!segment) throw new DomainError("NOT_FOUND", "Segment not found");
}
