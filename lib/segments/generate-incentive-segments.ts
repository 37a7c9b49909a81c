import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { SEGMENT_FILTER_LIMITS } from "./segment-filter-schema";
import { upsertGeneratedSegment } from "./upsert-generated-segment";

/** The generated segments, by system key, with the names the reference uses. */
export const GENERATED_SEGMENTS = {
  earlyBird: { systemKey: "early-bird", name: "Early Bird Incentive backers" },
  returning: { systemKey: "returning", name: "Returning backers" },
  failed: { systemKey: "failed-backers", name: "Failed Backers" },
} as const;

export type GeneratedIncentiveSegments = {
  earlyBird: { id: string; name: string; created: boolean };
  returning: { id: string; name: string; created: boolean };
};

/**
 * "Generate segments of incentives offered": creates, or refreshes, the Early Bird Incentive backers
 * segment (pledged within the first `earlyBirdHours` hours after launch, which becomes the project's
 * early-bird window) and the Returning backers segment (backed an earlier project of the same
 * creator, or marked returning by the import). Both are filter segments, so they follow later
 * imports. INVALID_INPUT when the project has no launch time or the hours are out of range.
 * Run it inside `runInTransaction` (lib/db).
 */
export async function generateIncentiveSegments(
  tx: Tx,
  projectId: string,
  input: { earlyBirdHours: number; createdById?: string | null },
): Promise<GeneratedIncentiveSegments> {
  const hours = input.earlyBirdHours;
  if (!Number.isInteger(hours) || hours < 1 || hours > SEGMENT_FILTER_LIMITS.maxHours) {
    throw new DomainError(
      "INVALID_INPUT",
      `The early-bird window must be a whole number of hours from 1 to ${SEGMENT_FILTER_LIMITS.maxHours}`,
      { earlyBirdHours: ["Enter a whole number of hours, such as 48"] },
    );
  }
  const project = await tx.project.findUnique({ where: { id: projectId }, select: { launchedAt: true } });
  if (!project) throw new DomainError("NOT_FOUND", "Project not found");
  if (!project.launchedAt) {
    throw new DomainError(
      "INVALID_INPUT",
      "The project has no launch time, so its first hours cannot be found; set the launch date of the project first",
    );
  }
  await tx.project.update({ where: { id: projectId }, data: { earlyBirdHours: hours } });
  const earlyBird = await upsertGeneratedSegment(tx, projectId, {
    ...GENERATED_SEGMENTS.earlyBird,
    description: `Backers who pledged within the first ${hours} hours after launch. Generated: refresh it from Advanced Segment Actions.`,
    filter: { type: "pledgedWithinFirstHours", hours },
    createdById: input.createdById,
  });
  const returning = await upsertGeneratedSegment(tx, projectId, {
    ...GENERATED_SEGMENTS.returning,
    description:
      "Backers of an earlier project of yours in Pledgehouse (matched by email), or marked as returning by the import.",
    filter: { type: "returningBacker" },
    createdById: input.createdById,
  });
  return {
    earlyBird: { id: earlyBird.segment.id, name: earlyBird.segment.name, created: earlyBird.created },
    returning: { id: returning.segment.id, name: returning.segment.name, created: returning.created },
  };
}

/**
 * The Failed Backers segment: payment status failed or errored. Errored pledges are still inside
 * the platform's grace period (the backer can fix their payment method); failed ones are past it.
 * Created or refreshed; run it inside `runInTransaction` (lib/db).
 */
export async function createFailedBackersSegment(
  tx: Tx,
  projectId: string,
  input: { createdById?: string | null } = {},
): Promise<{ id: string; name: string; created: boolean }> {
  const { segment, created } = await upsertGeneratedSegment(tx, projectId, {
    ...GENERATED_SEGMENTS.failed,
    description:
      "Payment status failed or errored. Errored: the payment failed and the backer had a 14-day grace period after the campaign's end to fix their payment method. Failed: the grace period ended without a successful charge.",
    filter: { type: "paymentStatus", statuses: ["FAILED", "ERRORED"] },
    createdById: input.createdById,
  });
  return { id: segment.id, name: segment.name, created };
}
