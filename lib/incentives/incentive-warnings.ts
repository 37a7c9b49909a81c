import { formatInZone } from "@/lib/projects/zoned-time";

/** Days after a campaign ends during which failed payments may still be retried (the reference's advice). */
export const PAYMENT_GRACE_DAYS = 14;

export type IncentiveWarningCode =
  "NOBODY" | "NO_SHIPPING_ADDRESS" | "WEIGHT_BASED_SHIPPING" | "RECENTLY_ENDED" | "NOT_ENDED" | "SAME_ITEM_ELSEWHERE";

export type IncentiveWarning = { code: IncentiveWarningCode; message: string };

export type IncentiveWarningFacts = {
  /** Pledges that would receive the incentive now (after exclusions, without those that have it). */
  newGrants: number;
  /** Of the recipients: pledges that already have this incentive (omitted: none). */
  alreadyGranted?: number;
  /** Of the recipients: pledges whose level does not collect a shipping address (or have no level). */
  withoutShippingAddress: number;
  /** Of the recipients: pledges whose level charges shipping by weight. */
  weightBasedShipping: number;
  /** Of the recipients: pledges that already have the same item from another active incentive. */
  sameItemElsewhere: number;
  item: { name: string; physical: boolean; weightGrams: number | null } | null;
  campaignEndedAt: Date | null;
  /** The project's zone: the day to wait until is named on its clock. Default UTC. */
  timeZone?: string;
  now: Date;
};

const DAY = 24 * 60 * 60 * 1000;

function backers(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "backer" : "backers"}`;
}

/**
 * The guard rails shown before an incentive is applied, where the reference warns: a physical item
 * for pledge levels that collect no shipping address, weight-based shipping that will charge fees,
 * a campaign that ended less than 14 days ago (payments may still fail), plus nobody to give it to
 * and an item some recipients already got from another incentive.
 */
export function incentiveWarnings(facts: IncentiveWarningFacts): IncentiveWarning[] {
  const warnings: IncentiveWarning[] = [];
  if (facts.newGrants === 0) {
    const already = facts.alreadyGranted ?? 0;
    warnings.push({
      code: "NOBODY",
      // Also what the preview says right after an apply: it must read as "done", not as a failure.
      message:
        already > 0
          ? `Everyone it can reach already has this incentive (${backers(already)}), so applying it again gives nothing new.`
          : "Nobody would receive it: every backer of the segment is excluded.",
    });
  }
  const item = facts.item;
  if (item?.physical && facts.withoutShippingAddress > 0) {
    warnings.push({
      code: "NO_SHIPPING_ADDRESS",
      message: `${backers(facts.withoutShippingAddress)} ${facts.withoutShippingAddress === 1 ? "is" : "are"} in pledge levels that do not collect a shipping address: the address will not be collected, so “${item.name}” cannot be shipped to them unless “Collect Shipping Address” is enabled for those levels.`,
    });
  }
  if (item?.physical && facts.weightBasedShipping > 0 && (item.weightGrams ?? 0) > 0) {
    warnings.push({
      code: "WEIGHT_BASED_SHIPPING",
      message: `Shipping fees will apply: ${backers(facts.weightBasedShipping)} ${facts.weightBasedShipping === 1 ? "is" : "are"} in pledge levels whose shipping is charged by weight, and “${item.name}” weighs ${item.weightGrams} g.`,
    });
  }
  if (facts.sameItemElsewhere > 0 && item) {
    warnings.push({
      code: "SAME_ITEM_ELSEWHERE",
      message: `${backers(facts.sameItemElsewhere)} already received “${item.name}” from another incentive; they would get it again.`,
    });
  }
  if (facts.campaignEndedAt === null) {
    warnings.push({
      code: "NOT_ENDED",
      message: `The campaign's end date is not set. If it ended less than ${PAYMENT_GRACE_DAYS} days ago, payments may still fail; we recommend waiting ${PAYMENT_GRACE_DAYS} days after the end so every failed payment is known.`,
    });
  } else {
    const since = facts.now.getTime() - facts.campaignEndedAt.getTime();
    if (since < 0) {
      warnings.push({
        code: "NOT_ENDED",
        message: `The campaign has not ended yet. We recommend waiting until ${PAYMENT_GRACE_DAYS} days after it ends, so every backer (including failed payments) is imported before incentives are given.`,
      });
    } else if (since < PAYMENT_GRACE_DAYS * DAY) {
      const days = Math.floor(since / DAY);
      const safe = new Date(facts.campaignEndedAt.getTime() + PAYMENT_GRACE_DAYS * DAY);
      warnings.push({
        code: "RECENTLY_ENDED",
        message: `The campaign ended ${days === 0 ? "less than a day" : `${days} day${days === 1 ? "" : "s"}`} ago. Payments may still fail during the ${PAYMENT_GRACE_DAYS}-day grace period; we recommend waiting until ${formatInZone(safe, facts.timeZone ?? "UTC")} before applying incentives.`,
      });
    }
  }
  return warnings;
}
