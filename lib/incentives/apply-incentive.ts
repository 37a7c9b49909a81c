import "server-only";
import type { Tx } from "@/lib/db/client";
import { createStatementSequence } from "@/lib/db/create-statement-sequence";
import { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { queueEmails } from "@/lib/mail/queue-emails";
import { announcementUnsubscribePageUrl } from "@/lib/mail/unsubscribe/announcement-unsubscribe-token";
import { withSegmentQuerySettings } from "@/lib/segments/with-segment-query-settings";
import { describeIncentiveGift } from "./describe-incentive-gift";
import { incentiveCandidatesSql } from "./incentive-candidates-sql";
import type { IncentiveChoice, IncentiveExclusions } from "./incentive-schemas";
import { lockProjectIncentives } from "./lock-project-incentives";
import { resolveIncentiveChoiceOrThrow } from "./resolve-incentive-choice";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

export type ApplyIncentiveInput = {
  projectId: string;
  /** Who applies it (recorded on the incentive, the credit entries and the audit event). */
  actorId: string | null;
  segmentId: string;
  incentive: IncentiveChoice;
  exclusions: IncentiveExclusions;
  /** Email each newly granted backer (one message per pledge and incentive, ever). */
  notifyBackers: boolean;
  /** Grants read back and emailed per round (default EMAIL_ROUND); tests use a few to cross rounds with few backers. */
  emailRoundSize?: number;
};

export type ApplyIncentiveResult = {
  incentiveId: string;
  name: string;
  /** Pledges of the segment left after the exclusions. */
  recipients: number;
  /** Pledges granted the incentive now. */
  granted: number;
  /** Recipients that already had it (from an earlier apply, to this or another segment). */
  skipped: number;
  /** Emails queued. */
  emailsQueued: number;
};

/** Grants read back and emailed per round. */
const EMAIL_ROUND = 5_000;
/** The size from which queueEmails puts values shared by every row into the template. */
const CONSTANT_PROPS_MIN_ROWS = 500;

/** One application of an incentive to a segment, as kept on the incentive. */
export type IncentiveApplication = {
  appliedAt: string;
  appliedById: string | null;
  segmentId: string;
  segmentName: string;
  segmentKind: "FILTER" | "STATIC";
  /** The segment's filter as it was (a filter segment changes over time). */
  filter: unknown;
  exclusions: IncentiveExclusions;
  recipients: number;
  granted: number;
};

/**
 * Gives an incentive (complimentary credit, or a free item with its option) to every pledge of a
 * segment's backers except the excluded ones, in set-based statements inside the caller's
 * transaction: the grants (`INSERT … SELECT … ON CONFLICT (incentive_id, pledge_id) DO NOTHING`,
 * so a pledge never gets the same incentive twice, whether applied again or to an overlapping
 * segment), their credit entries or free cart lines, optional backer emails, the application kept
 * on the incentive and an audit event. Run it inside `runInTransaction` (lib/db): a failure leaves nothing.
 */
export async function applyIncentive(tx: Tx, input: ApplyIncentiveInput): Promise<ApplyIncentiveResult> {
  return withSegmentQuerySettings(tx, async (db) => {
    await lockProjectIncentives(db, input.projectId);
    const project = await db.project.findUnique({
      where: { id: input.projectId },
      select: { name: true, currency: true },
    });
    if (!project) throw new DomainError("NOT_FOUND", "Project not found");
    const resolved = await resolveIncentiveChoiceOrThrow(db, input.projectId, input.incentive);
    const { segment, fromWhere, excluded } = await incentiveCandidatesSql(
      db,
      input.projectId,
      input.segmentId,
      input.exclusions,
    );
    const definition = resolved.definition;
    const incentiveId =
      resolved.existingId ??
      (
        await db.incentive.create({
          data: {
            projectId: input.projectId,
            name: resolved.name,
            kind: definition.kind,
            creditAmount: definition.kind === "CREDIT" ? definition.creditAmount : null,
            itemId: definition.kind === "ITEM" ? definition.itemId : null,
            itemOptionId: definition.kind === "ITEM" ? definition.itemOptionId : null,
            quantity: definition.kind === "ITEM" ? definition.quantity : 1,
            segmentId: segment.id,
            exclusions: input.exclusions,
            notifyBackers: input.notifyBackers,
            createdById: input.actorId,
            segmentSnapshot: { applications: [] },
          },
          select: { id: true },
        })
      ).id;

    // Grants of this application share one timestamp, which finds them again for the emails.
    const appliedAt = new Date();
    const stamp = appliedAt.toISOString();
    const write =
      definition.kind === "CREDIT"
        ? Prisma.sql`INSERT INTO credit_entry (pledge_id, amount, reason, incentive_grant_id, created_by_id, created_at)
            SELECT pledge_id, ${definition.creditAmount}::int, ${`Complimentary credit: ${resolved.name}`}, id, ${input.actorId}, ${stamp}::timestamptz
            FROM granted RETURNING 1`
        : Prisma.sql`INSERT INTO cart_line (pledge_id, item_id, item_option_id, quantity, unit_price, source, incentive_grant_id, created_at)
            SELECT pledge_id, ${definition.itemId}::uuid, ${definition.itemOptionId}::uuid, ${definition.quantity}::int, 0, 'INCENTIVE', id, ${stamp}::timestamptz
            FROM granted RETURNING 1`;
    // A new incentive (made above, under the project's incentive lock) has no grants yet, so its
    // grants skip ON CONFLICT's look-up per row; the unique index still refuses a repeat.
    const onConflict = resolved.existingId ? Prisma.sql`ON CONFLICT (incentive_id, pledge_id) DO NOTHING` : Prisma.empty;
    // In pledge order: each grant's unique and pledge indexes are then written left to right, and
    // the foreign-key checks of the grant and its credit entry or cart line walk the pledge index
    // in order, instead of jumping about 100,000 times (about a tenth of the statement's CPU).
    const [counts] = await db.$queryRaw<{ recipients: number; granted: number }[]>(Prisma.sql`
      WITH candidates AS MATERIALIZED (SELECT p.id AS pledge_id ${fromWhere} AND NOT ${excluded} ORDER BY p.id),
      granted AS (
        INSERT INTO incentive_grant (incentive_id, pledge_id, created_at)
        SELECT ${incentiveId}::uuid, pledge_id, ${stamp}::timestamptz FROM candidates
        ${onConflict}
        RETURNING id, pledge_id
      ),
      written AS (${write})
      SELECT (SELECT count(*) FROM candidates)::int AS recipients, (SELECT count(*) FROM written)::int AS granted`);

    let emailsQueued = 0;
    if (input.notifyBackers && counts.granted > 0) {
      const gift = describeIncentiveGift(definition, resolved.item, project.currency);
      const base = env.APP_URL.replace(/\/+$/, "");
      // The new grants are read back a round at a time (keyset on the grant's unique index) while
      // the outbox writes the previous round: reads and writes share the transaction's connection,
      // so both take their turn in one sequence.
      const sequence = createStatementSequence();
      const roundSize = input.emailRoundSize ?? EMAIL_ROUND;
      async function* emailRounds() {
        let after = "00000000-0000-0000-0000-000000000000";
        for (;;) {
          const rows = await sequence(() =>
            db.$queryRaw<{ pledge_id: string; email: string; name: string }[]>(Prisma.sql`
              SELECT ig.pledge_id::text AS pledge_id, b.email, b.name
              FROM incentive_grant ig JOIN pledge p ON p.id = ig.pledge_id JOIN backer b ON b.id = p.backer_id
              WHERE ig.incentive_id = ${incentiveId}::uuid AND ig.created_at = ${stamp}::timestamptz
                AND ig.pledge_id > ${after}::uuid
              ORDER BY ig.pledge_id
              LIMIT ${roundSize}`),
          );
          if (rows.length === 0) return;
          yield rows.map((row) => ({
            to: row.email,
            projectId: input.projectId,
            // One message per pledge and incentive, however often it is applied.
            idempotencyKey: `incentive:${incentiveId}:${row.pledge_id}`,
            props: {
              projectName: project!.name,
              backerName: row.name.trim() || row.email,
              gift,
              incentiveName: resolved.name,
              pledgeUrl: `${base}/pledges/${row.pledge_id}`,
              unsubscribeUrl: announcementUnsubscribePageUrl(input.projectId, row.email),
            },
          }));
          if (rows.length < roundSize) return;
          after = rows[rows.length - 1].pledge_id;
        }
      }
      ({ created: emailsQueued } = await queueEmails(db, "incentive-granted", emailRounds(), {
        sequence,
        // Each key names a grant this statement made ("incentive:<id>:<pledge>", and a pledge is
        // granted an incentive once, ever; grants are undone, never deleted), so none is queued
        // yet: the outbox skips ON CONFLICT's look-up per email (about 1 s of Postgres per 250,000).
        freshKeys: true,
        // As queueEmails finds them in an array, and only for an application large enough to share them.
        constantProps: counts.granted >= CONSTANT_PROPS_MIN_ROWS ? ["projectName", "gift", "incentiveName"] : [],
      }));
    }

    const application: IncentiveApplication = {
      appliedAt: stamp,
      appliedById: input.actorId,
      segmentId: segment.id,
      segmentName: segment.name,
      segmentKind: segment.kind,
      filter: segment.filter,
      exclusions: input.exclusions,
      recipients: counts.recipients,
      granted: counts.granted,
    };
    await db.$executeRaw(Prisma.sql`
      UPDATE incentive
      SET segment_snapshot = jsonb_set(
            coalesce(segment_snapshot, '{"applications": []}'::jsonb), '{applications}',
            coalesce(segment_snapshot->'applications', '[]'::jsonb) || ${JSON.stringify([application])}::jsonb),
          exclusions = ${JSON.stringify(input.exclusions)}::jsonb,
          notify_backers = notify_backers OR ${input.notifyBackers}
      WHERE id = ${incentiveId}::uuid`);
    await recordAuditEvent(db, {
      projectId: input.projectId,
      actorId: input.actorId,
      action: "incentive.apply",
      targetCount: counts.granted,
      details: {
        incentiveId,
        incentiveName: resolved.name,
        gift: describeIncentiveGift(definition, resolved.item, project.currency),
        definition,
        segmentId: segment.id,
        segmentName: segment.name,
        exclusions: input.exclusions,
        recipients: counts.recipients,
        skipped: counts.recipients - counts.granted,
        emailsQueued,
      },
    });
    return {
      incentiveId,
      name: resolved.name,
      recipients: counts.recipients,
      granted: counts.granted,
      skipped: counts.recipients - counts.granted,
      emailsQueued,
    };
  });
}
