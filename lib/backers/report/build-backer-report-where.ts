import { Prisma } from "@/lib/db/generated/client";
import type { BackerReportFilter } from "./backer-report-query-schema";

/** "123" or "#123" also matches backer number 123 exactly. */
export function backerNumberFromSearch(q: string): number | null {
  const match = /^#?(\d{1,9})$/.exec(q.trim());
  return match ? Number(match[1]) : null;
}

/** Whether the filter constrains pledge columns (which excludes backers without a pledge). */
export function hasPledgeCondition(filter: BackerReportFilter): boolean {
  return filter.levelIds.length > 0 || filter.statuses.length > 0 || filter.hasTracking === true || Boolean(filter.digitalRewardId);
}

/** Whether the filter constrains backer columns. */
export function hasBackerCondition(filter: BackerReportFilter): boolean {
  return (
    Boolean(filter.q?.trim()) ||
    filter.countries.length > 0 ||
    Boolean(filter.segmentId) ||
    filter.emailSuppressed !== undefined
  );
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
  /**
   * "pledge": the condition over `pledge p` alone, for counting without the join to backer; only
   * for filters with a pledge condition and no backer condition.
   */
  from: "backer" | "pledge" = "backer",
): Prisma.Sql {
  if (from === "pledge" && (hasBackerCondition(filter) || !hasPledgeCondition(filter))) {
    throw new Error("buildBackerReportWhereSql: only a pledge-only filter can be evaluated over pledge alone");
  }
  const conditions: Prisma.Sql[] = from === "backer" ? [Prisma.sql`b.project_id = ${projectId}::uuid`] : [];

  const q = filter.q?.trim();
  if (q) {
    // Folded (accents and case) by the same SQL function the trigram indexes are built on, then
    // escaped there: folding can itself produce a wildcard (a full-width ％ becomes %).
    const pattern = Prisma.sql`'%' || replace(replace(replace(backer_search_fold(${q}::text), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
    const text = Prisma.sql`backer_search_fold(b.name) LIKE ${pattern} OR backer_search_fold(b.email) LIKE ${pattern}`;
    const number = backerNumberFromSearch(q);
    conditions.push(number === null ? Prisma.sql`(${text})` : Prisma.sql`(${text} OR b.backer_number = ${number}::int)`);
  }
  // Stated on the pledge too whenever a pledge column is filtered (the join is then an inner join
  // anyway): it lets Postgres walk pledge(project_id, <sort key>, backer_id) for pledge-column sorts.
  if (hasPledgeCondition(filter)) conditions.push(Prisma.sql`p.project_id = ${projectId}::uuid`);
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
  if (filter.emailSuppressed !== undefined) {
    // The suppression list is the instance's: an address that bounced for any project is dead for all.
    const suppressed = Prisma.sql`EXISTS (SELECT 1 FROM email_suppression es WHERE es.email = b.email AND es.lifted_at IS NULL)`;
    conditions.push(filter.emailSuppressed ? suppressed : Prisma.sql`NOT ${suppressed}`);
  }
  if (filter.segmentId) {
    if (!segmentMembership) throw new Error("buildBackerReportWhereSql: a segment filter needs its membership subquery");
    conditions.push(Prisma.sql`b.id IN (${segmentMembership})`);
  }
  return Prisma.join(conditions, " AND ");
}
