import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";
import type { SegmentCondition, SegmentFilter } from "./segment-filter-schema";

/** A segment another filter refers to, as loaded from the database. */
export type ReferencedSegment = {
  id: string;
  name: string;
  kind: "FILTER" | "STATIC";
  /** The validated filter of a FILTER segment; null for a STATIC one. */
  filter: SegmentFilter | null;
};

export type CompileSegmentFilterContext = {
  projectId: string;
  /** The project's launch, for "pledged within the first N hours"; null when unknown. */
  launchedAt: Date | null;
  /**
   * Projects launched before this one and owned by one of its owners: their backers, matched by
   * email, are returning backers. Looked up once per query rather than per backer.
   */
  earlierProjectIds: readonly string[];
  /** Every segment the filter refers to, directly or through other segments, by id. */
  segments: ReadonlyMap<string, ReferencedSegment>;
};

/**
 * Referenced filter segments are inlined, so a filter that refers to the same big segment many times
 * through several levels could grow exponentially; past this many compiled nodes it is refused.
 */
export const MAX_COMPILED_NODES = 2_000;

const TRUE = Prisma.sql`TRUE`;
const FALSE = Prisma.sql`FALSE`;

/**
 * Compiles a validated filter to one SQL boolean expression over the row `backer b JOIN pledge p ON
 * p.backer_id = b.id` (the caller adds `b.project_id = …`). Every value is a bind parameter, and the
 * expression is never NULL, so NOT always means "the other backers".
 *
 * A referenced FILTER segment is compiled inline (it is re-evaluated, never stale); a STATIC segment is
 * an EXISTS over its members. Throws DomainError NOT_FOUND for a segment missing from the context,
 * INVALID_INPUT for a cycle or a filter that expands beyond MAX_COMPILED_NODES.
 */
export function compileSegmentFilter(filter: SegmentFilter, context: CompileSegmentFilterContext): Prisma.Sql {
  const projectId = context.projectId;
  let compiledNodes = 0;
  const expanding: string[] = [];

  const segmentExpression = (segmentIds: string[]): Prisma.Sql => {
    const staticIds: string[] = [];
    const parts: Prisma.Sql[] = [];
    for (const id of segmentIds) {
      const segment = context.segments.get(id);
      if (!segment)
        throw new DomainError("NOT_FOUND", "A segment this filter refers to does not exist in this project");
      if (segment.kind === "STATIC" || segment.filter === null) {
        staticIds.push(segment.id);
        continue;
      }
      if (expanding.includes(segment.id)) {
        const names = [...expanding.slice(expanding.indexOf(segment.id)), segment.id].map(
          (sid) => `“${context.segments.get(sid)?.name ?? sid}”`,
        );
        throw new DomainError(
          "INVALID_INPUT",
          `These segments refer to each other in a cycle: ${names.join(" → ")}. A segment cannot contain itself, directly or through other segments.`,
        );
      }
      expanding.push(segment.id);
      parts.push(node(segment.filter));
      expanding.pop();
    }
    if (staticIds.length > 0) {
      // A correlated EXISTS: at the top level Postgres turns it into a (anti-)semi-join, inside
      // OR/NOT it may hash the member list once; both avoid a probe per backer where it matters.
      parts.unshift(
        Prisma.sql`EXISTS (SELECT 1 FROM segment_member sm WHERE sm.segment_id = ANY(${staticIds}::uuid[]) AND sm.backer_id = b.id)`,
      );
    }
    return parts.length === 1 ? parts[0] : Prisma.sql`(${Prisma.join(parts, " OR ")})`;
  };

  const condition = (c: SegmentCondition): Prisma.Sql => {
    switch (c.type) {
      case "inPledgeLevels":
        return Prisma.sql`(p.pledge_level_id IS NOT NULL AND p.pledge_level_id = ANY(${c.pledgeLevelIds}::uuid[]))`;
      case "pledgedMoreThan":
        return Prisma.sql`(p.amount > ${c.amount}::int)`;
      case "pledgedLessThan":
        return Prisma.sql`(p.amount < ${c.amount}::int)`;
      case "pledgedWithinFirstHours": {
        // Only the end of the window is bounded: a pledge cannot precede the launch, so one that seems
        // to is an imprecise launch time, and that backer was among the very first. A project without a
        // launch time has no early backers. The cutoff is a constant so the planner can use statistics.
        if (context.launchedAt === null) return FALSE;
        const cutoff = new Date(context.launchedAt.getTime() + c.hours * 3_600_000).toISOString();
        return Prisma.sql`(p.pledged_at < ${cutoff}::timestamptz)`;
      }
      case "pledgedBetween":
        return Prisma.sql`(p.pledged_at >= ${c.from}::timestamptz AND p.pledged_at < ${c.to}::timestamptz)`;
      case "paymentStatus":
        return Prisma.sql`(p.status = ANY(${c.statuses}::"PledgeStatus"[]))`;
      case "backersWithEmails":
        return Prisma.sql`(b.email = ANY(${c.emails}::text[]))`;
      case "inAnyOfTheseSegments":
        return segmentExpression(c.segmentIds);
      case "notInAnyOfTheseSegments":
        return Prisma.sql`(NOT ${segmentExpression(c.segmentIds)})`;
      case "inContactList":
        return Prisma.sql`EXISTS (SELECT 1 FROM contact_list_entry cle WHERE cle.contact_list_id = ANY(${c.contactListIds}::uuid[]) AND cle.email = b.email)`;
      case "returningBacker": {
        // Backed (by email) an earlier-launched project owned by someone who owns this one, or was
        // marked returning by the import.
        if (context.earlierProjectIds.length === 0) return Prisma.sql`b.marked_returning`;
        return Prisma.sql`(b.marked_returning OR EXISTS (SELECT 1 FROM backer rb WHERE rb.project_id = ANY(${[
          ...context.earlierProjectIds,
        ]}::uuid[]) AND rb.email = b.email))`;
      }
      case "country": {
        // Codes are upper-case by convention; an import that stored them lower-case still matches.
        // Comparing the bare column (not upper(country)) keeps the column's statistics usable.
        const codes = [...c.countries, ...c.countries.map((code) => code.toLowerCase())];
        return Prisma.sql`(b.country IS NOT NULL AND b.country = ANY(${codes}::text[]))`;
      }
      case "hasItem": {
        // Undone incentives leave no item behind, whether their cart lines are kept or not.
        const activeLine = Prisma.sql`(cl.incentive_grant_id IS NULL OR NOT EXISTS (SELECT 1 FROM incentive_grant ig WHERE ig.id = cl.incentive_grant_id AND ig.undone_at IS NOT NULL))`;
        if (c.itemOptionId !== undefined) {
          return Prisma.sql`EXISTS (SELECT 1 FROM cart_line cl WHERE cl.pledge_id = p.id AND cl.item_id = ANY(${c.itemIds}::uuid[]) AND cl.item_option_id = ${c.itemOptionId}::uuid AND ${activeLine})`;
        }
        // Without an option the pledge level's own contents count too, whether or not the import
        // wrote them out as cart lines.
        return Prisma.sql`(EXISTS (SELECT 1 FROM cart_line cl WHERE cl.pledge_id = p.id AND cl.item_id = ANY(${c.itemIds}::uuid[]) AND ${activeLine})
          OR EXISTS (SELECT 1 FROM pledge_level_item pli WHERE pli.pledge_level_id = p.pledge_level_id AND pli.item_id = ANY(${c.itemIds}::uuid[])))`;
      }
      case "pledgeLevelKind": {
        // A pledge without a pledge level is a "no reward" pledge.
        const ofKind = Prisma.sql`(p.pledge_level_id IS NOT NULL AND p.pledge_level_id IN (SELECT pl.id FROM pledge_level pl WHERE pl.project_id = ${projectId}::uuid AND pl.kind = ANY(${c.kinds}::"PledgeLevelKind"[])))`;
        return c.kinds.includes("NO_REWARD") ? Prisma.sql`(${ofKind} OR p.pledge_level_id IS NULL)` : ofKind;
      }
      case "hasTrackingNumber":
        return Prisma.sql`EXISTS (SELECT 1 FROM shipment sh WHERE sh.pledge_id = p.id AND sh.superseded_at IS NULL)`;
      case "receivedDigitalReward":
        return Prisma.sql`EXISTS (SELECT 1 FROM digital_reward_delivery drd WHERE drd.pledge_id = p.id AND drd.digital_reward_id = ANY(${c.digitalRewardIds}::uuid[]))`;
    }
  };

  const node = (n: SegmentFilter): Prisma.Sql => {
    compiledNodes += 1;
    if (compiledNodes > MAX_COMPILED_NODES) {
      throw new DomainError(
        "INVALID_INPUT",
        `This filter is too large once the segments it refers to are included (more than ${MAX_COMPILED_NODES} conditions); refer to fewer segments or simplify them`,
      );
    }
    switch (n.type) {
      case "and":
        return n.conditions.length === 0 ? TRUE : Prisma.sql`(${Prisma.join(n.conditions.map(node), " AND ")})`;
      case "or":
        return n.conditions.length === 0 ? FALSE : Prisma.sql`(${Prisma.join(n.conditions.map(node), " OR ")})`;
      case "not":
        return Prisma.sql`(NOT ${node(n.condition)})`;
      default:
        return condition(n);
    }
  };

  return node(filter);
}
