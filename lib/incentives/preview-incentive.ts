import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { PledgeStatus } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { withSegmentQuerySettings } from "@/lib/segments/with-segment-query-settings";
import { incentiveCandidatesSql } from "./incentive-candidates-sql";
import {
  INCENTIVE_EXCLUSION_LABELS,
  type IncentiveChoice,
  type IncentiveDefinition,
  type IncentiveExclusionKey,
  type IncentiveExclusions,
} from "./incentive-schemas";
import { incentiveWarnings, type IncentiveWarning } from "./incentive-warnings";
import { resolveIncentiveChoiceOrThrow, type IncentiveItem } from "./resolve-incentive-choice";

export type IncentivePreview = {
  segment: { id: string; name: string };
  incentive: { existingId: string | null; name: string; definition: IncentiveDefinition; item: IncentiveItem | null };
  /** Pledges of the segment's backers, before exclusions. */
  segmentPledges: number;
  /** Each exclusion with how many of the segment's pledges it matches (they may overlap). */
  exclusions: { key: IncentiveExclusionKey; label: string; count: number; enabled: boolean }[];
  /** Pledges left after the enabled exclusions. */
  recipients: number;
  /** Of the recipients, those that already have this incentive (skipped). */
  alreadyGranted: number;
  /** What applying would grant now. */
  newGrants: number;
  /**
   * Of the new grants, backers an email would not reach: they unsubscribed from this project's
   * announcements, or their address is suppressed (bounced, complained). They get the gift anyway.
   */
  notEmailed: number;
  warnings: IncentiveWarning[];
  /** The first recipients, in pledge order. */
  sample: { backerId: string; name: string; email: string; pledgeLevelName: string | null; status: PledgeStatus }[];
};

/**
 * What applying an incentive to a segment would do, without writing anything: the recipients, each
 * exclusion with its count (enabled or not), what is skipped because it was given already, and the
 * warnings (see incentiveWarnings). One aggregate query plus a short sample.
 */
export async function previewIncentive(
  db: Tx,
  input: {
    projectId: string;
    segmentId: string;
    incentive: IncentiveChoice;
    exclusions: IncentiveExclusions;
    now?: Date;
  },
): Promise<IncentivePreview> {
  return withSegmentQuerySettings(db, async (tx) => {
    const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { endedAt: true, timeZone: true } });
    if (!project) throw new DomainError("NOT_FOUND", "Project not found");
    const resolved = await resolveIncentiveChoiceOrThrow(tx, input.projectId, input.incentive);
    const { segment, fromWhere, excluded } = await incentiveCandidatesSql(
      tx,
      input.projectId,
      input.segmentId,
      input.exclusions,
    );
    const hasIt = resolved.existingId
      ? Prisma.sql`EXISTS (SELECT 1 FROM incentive_grant ig WHERE ig.incentive_id = ${resolved.existingId}::uuid AND ig.pledge_id = p.id)`
      : Prisma.sql`FALSE`;
    const sameItem =
      resolved.definition.kind === "ITEM"
        ? Prisma.sql`EXISTS (SELECT 1 FROM incentive_grant og JOIN incentive oi ON oi.id = og.incentive_id
             WHERE og.pledge_id = p.id AND og.undone_at IS NULL AND oi.item_id = ${resolved.definition.itemId}::uuid
               AND oi.id IS DISTINCT FROM ${resolved.existingId}::uuid)`
        : Prisma.sql`FALSE`;
    const [counts] = await tx.$queryRaw<
      {
        total: number;
        failed_payments: number;
        dropped_pledges: number;
        digital_only: number;
        no_reward: number;
        recipients: number;
        already: number;
        without_address: number;
        weight_based: number;
        same_item: number;
        not_emailed: number;
      }[]
    >(Prisma.sql`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE p.status IN ('FAILED', 'ERRORED'))::int AS failed_payments,
             count(*) FILTER (WHERE p.status IN ('DROPPED', 'REFUNDED'))::int AS dropped_pledges,
             count(*) FILTER (WHERE lvl.kind = 'DIGITAL')::int AS digital_only,
             count(*) FILTER (WHERE lvl.id IS NULL OR lvl.kind = 'NO_REWARD')::int AS no_reward,
             count(*) FILTER (WHERE NOT ${excluded})::int AS recipients,
             count(*) FILTER (WHERE NOT ${excluded} AND ${hasIt})::int AS already,
             count(*) FILTER (WHERE NOT ${excluded} AND NOT ${hasIt} AND (lvl.id IS NULL OR NOT lvl.collects_shipping_address))::int AS without_address,
             count(*) FILTER (WHERE NOT ${excluded} AND NOT ${hasIt} AND coalesce(lvl.weight_based_shipping, FALSE))::int AS weight_based,
             count(*) FILTER (WHERE NOT ${excluded} AND NOT ${hasIt} AND ${sameItem})::int AS same_item,
             count(*) FILTER (WHERE NOT ${excluded} AND NOT ${hasIt} AND (
               EXISTS (SELECT 1 FROM announcement_unsubscribe au WHERE au.project_id = p.project_id AND au.email = b.email)
               OR EXISTS (SELECT 1 FROM email_suppression es WHERE es.email = b.email AND es.lifted_at IS NULL)
             ))::int AS not_emailed
      ${fromWhere}`);
    const sample = await tx.$queryRaw<IncentivePreview["sample"]>(Prisma.sql`
      SELECT b.id::text AS "backerId", b.name, b.email, lvl.name AS "pledgeLevelName", p.status::text AS status
      ${fromWhere} AND NOT ${excluded} AND NOT ${hasIt}
      ORDER BY p.pledged_at, b.id
      LIMIT 10`);
    const exclusionCounts: Record<IncentiveExclusionKey, number> = {
      failedPayments: counts.failed_payments,
      droppedPledges: counts.dropped_pledges,
      digitalOnly: counts.digital_only,
      noReward: counts.no_reward,
    };
    const newGrants = counts.recipients - counts.already;
    return {
      segment: { id: segment.id, name: segment.name },
      incentive: {
        existingId: resolved.existingId,
        name: resolved.name,
        definition: resolved.definition,
        item: resolved.item,
      },
      segmentPledges: counts.total,
      exclusions: (Object.keys(INCENTIVE_EXCLUSION_LABELS) as IncentiveExclusionKey[]).map((key) => ({
        key,
        label: INCENTIVE_EXCLUSION_LABELS[key],
        count: exclusionCounts[key],
        enabled: input.exclusions[key],
      })),
      recipients: counts.recipients,
      alreadyGranted: counts.already,
      newGrants,
      notEmailed: counts.not_emailed,
      warnings: incentiveWarnings({
        newGrants,
        alreadyGranted: counts.already,
        withoutShippingAddress: counts.without_address,
        weightBasedShipping: counts.weight_based,
        sameItemElsewhere: counts.same_item,
        item: resolved.item,
        campaignEndedAt: project.endedAt,
        timeZone: project.timeZone,
        now: input.now ?? new Date(),
      }),
      sample,
    };
  });
}
