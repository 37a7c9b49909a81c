import "server-only";
import { prisma, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";

/**
 * The hook the backer report uses for its "in a segment" filter: a subquery selecting the backer
 * ids of a segment's members. It is the one place to wire the segments domain's own compiler
 * (filter segments are re-evaluated on every use); until that exists, static segments resolve
 * through `segment_member` and filter segments are refused with a clear message.
 */
export type SegmentMembershipResolver = (projectId: string, segmentId: string, db: Tx | typeof prisma) => Promise<Prisma.Sql>;

/**
 * Resolves `segmentId` of `projectId` to a subquery of its members' backer ids.
 * Throws NOT_FOUND when the segment is not one of the project's.
 */
export const resolveSegmentMembershipSqlOrThrow: SegmentMembershipResolver = async (projectId, segmentId, db) => {
  const segment = await db.segment.findFirst({ where: { id: segmentId, projectId }, select: { kind: true, name: true } });
  if (!segment) {
    throw new DomainError("NOT_FOUND", "That segment does not exist in this project any more. Remove the segment filter.");
  }
  if (segment.kind === "STATIC") {
    return Prisma.sql`SELECT sm.backer_id FROM segment_member sm WHERE sm.segment_id = ${segmentId}::uuid`;
  }
  throw new DomainError(
    "INVALID_INPUT",
    `Filtering the backer report by the filter segment "${segment.name}" is not available yet. Open the segment to see its backers.`,
  );
};
