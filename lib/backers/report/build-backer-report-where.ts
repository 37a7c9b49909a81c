import { Prisma } from "@/lib/db/generated/client";
import type { BackerReportFilter } from "./backer-report-query-schema";

/** `%`, `_` and `\` are LIKE wildcards; a search for "50%" means the characters, not a pattern. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** "123" or "#123" also matches backer number 123 exactly. */
export function backerNumberFromSearch(q: string): number | null {
  const match = /^#?(\d{1,9})$/.exec(q.trim());
  return match ? Number(match[1]) : null;
}

/**
 * The WHERE condition of the backer report for `filter`, over `backer b LEFT JOIN pledge p ON
 * p.backer_id = b.id`. The list, the count, "select all matching" and the CSV export all use this
 * one function, so they can never disagree about which backers match.
 *
 * `segmentMembership` is a subquery returning the backer ids of `filter.segmentId`'s members
 * (see resolveSegmentMembershipSql); required when the filter names a segment.
 */
export function buildBackerReportWhereSql(
  projectId: string,
  filter: BackerReportFilter,
  segmentMembership: Prisma.Sql | null,
): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`b.project_id = ${projectId}::uuid`];

  const q = filter.q?.trim();
  if (q) {
    const pattern = `%${escapeLikePattern(q)}%`;
    const number = backerNumberFromSearch(q);
    conditions.push(
      number === null
        ? Prisma.sql`(b.name ILIKE ${pattern} OR b.email ILIKE ${pattern})`
        : Prisma.sql`(b.name ILIKE ${pattern} OR b.email ILIKE ${pattern} OR b.backer_number = ${number}::int)`,
    );
  }
  if (filter.levelIds.length > 0) {
    conditions.push(Prisma.sql`p.pledge_level_id = ANY(${filter.levelIds}::uuid[])`);
  }
  if (filter.statuses.length > 0) {
    conditions.push(Prisma.sql`p.status = ANY(${filter.statuses}::"PledgeStatus"[])`);
  }
  if (filter.countries.length > 0) {
    conditions.push(Prisma.sql`b.country = ANY(${filter.countries}::text[])`);
  }
  if (filter.hasTracking !== undefined) {
    const exists = Prisma.sql`EXISTS (SELECT 1 FROM shipment s WHERE s.pledge_id = p.id AND s.superseded_at IS NULL)`;
    conditions.push(filter.hasTracking ? exists : Prisma.sql`NOT ${exists}`);
  }
  if (filter.digitalRewardId) {
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM digital_reward_delivery x WHERE x.pledge_id = p.id AND x.digital_reward_id = ${filter.digitalRewardId}::uuid)`,
    );
  }
  if (filter.segmentId) {
    if (!segmentMembership) throw new Error("buildBackerReportWhereSql: a segment filter needs its membership subquery");
    conditions.push(Prisma.sql`b.id IN (${segmentMembership})`);
  }
  return Prisma.join(conditions, " AND ");
}
