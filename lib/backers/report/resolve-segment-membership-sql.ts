import "server-only";
import type { prisma, Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";
import { segmentMembershipSql } from "@/lib/segments/segment-membership-sql";

/**
 * The backer report's "in a segment" filter: a subquery of the backer ids currently in the
 * segment, from the segments domain (a filter segment is evaluated now, a static one is its member
 * list). Throws NOT_FOUND, with what to do, when the segment is not one of the project's (a
 * bookmarked view whose segment was deleted).
 */
export async function resolveSegmentMembershipSqlOrThrow(
  projectId: string,
  segmentId: string,
  db: Tx | typeof prisma,
): Promise<Prisma.Sql> {
  try {
    return await segmentMembershipSql(db, projectId, segmentId);
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") {
      throw new DomainError("NOT_FOUND", "That segment does not exist in this project any more. Remove the segment filter.");
    }
    throw error;
  }
}
