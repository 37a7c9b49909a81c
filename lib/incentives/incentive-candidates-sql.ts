import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";
import { segmentWhereSql } from "@/lib/segments/segment-where-sql";
import type { IncentiveExclusions } from "./incentive-schemas";

/** A segment's pledges as SQL, for previews and applies (see incentiveCandidatesSql). */
export type IncentiveCandidates = {
  segment: { id: string; name: string; kind: "FILTER" | "STATIC"; filter: unknown };
  /** `FROM backer b JOIN pledge p … LEFT JOIN pledge_level lvl … WHERE <in the segment>`. */
  fromWhere: Prisma.Sql;
  /** True for a pledge the exclusions skip (never NULL). */
  excluded: Prisma.Sql;
};

/** The exclusions as one boolean expression over `p` (pledge) and `lvl` (its level, maybe NULL). */
export function incentiveExclusionSql(exclusions: IncentiveExclusions): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (exclusions.failedPayments) parts.push(Prisma.sql`p.status IN ('FAILED', 'ERRORED')`);
  if (exclusions.droppedPledges) parts.push(Prisma.sql`p.status IN ('DROPPED', 'REFUNDED')`);
  if (exclusions.digitalOnly) parts.push(Prisma.sql`coalesce(lvl.kind = 'DIGITAL', FALSE)`);
  // A pledge without a level is a no-reward pledge.
  if (exclusions.noReward) parts.push(Prisma.sql`(lvl.id IS NULL OR lvl.kind = 'NO_REWARD')`);
  return parts.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`(${Prisma.join(parts, " OR ")})`;
}

/**
 * The pledges of a segment's backers (evaluated now: a filter segment never goes stale) and the
 * exclusion expression. NOT_FOUND when the segment is not the project's; the segment's filter is
 * validated like every filter (INVALID_INPUT when it refers to something deleted).
 */
export async function incentiveCandidatesSql(
  db: Tx,
  projectId: string,
  segmentId: string,
  exclusions: IncentiveExclusions,
): Promise<IncentiveCandidates> {
  const segment = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segmentId)
    ? await db.segment.findFirst({
        where: { id: segmentId, projectId },
        select: { id: true, name: true, kind: true, filter: true },
      })
    : null;
  if (!segment) throw new DomainError("NOT_FOUND", "Segment not found");
  const { where } = await segmentWhereSql(db, projectId, { type: "inAnyOfTheseSegments", segmentIds: [segment.id] });
  return {
    segment,
    fromWhere: Prisma.sql`FROM backer b JOIN pledge p ON p.backer_id = b.id LEFT JOIN pledge_level lvl ON lvl.id = p.pledge_level_id WHERE ${where}`,
    excluded: incentiveExclusionSql(exclusions),
  };
}
