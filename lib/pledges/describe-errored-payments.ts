import { formatInZone } from "@/lib/projects/zoned-time";

/** Kickstarter retries a failed charge for this many days after the campaign ends. */
export const PAYMENT_GRACE_PERIOD_DAYS = 14;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What "errored" means for this campaign now: the grace period to fix a payment runs for 14 days
 * after the campaign's end, so "still inside the grace period" is only true until then; the day
 * it ends is on the calendar of the project's `timeZone`. Pure.
 */
export function describeErroredPayments(endedAt: Date | null, now: Date = new Date(), timeZone = "UTC"): string {
  if (endedAt === null || now.getTime() < endedAt.getTime()) {
    return `The payment failed; the backer has ${PAYMENT_GRACE_PERIOD_DAYS} days after the campaign ends to fix their payment method, and many of them will.`;
  }
  const graceEnds = new Date(endedAt.getTime() + PAYMENT_GRACE_PERIOD_DAYS * DAY_MS);
  const day = formatInZone(graceEnds, timeZone);
  if (now.getTime() < graceEnds.getTime()) {
    return `The payment failed, but the backer is still inside the ${PAYMENT_GRACE_PERIOD_DAYS}-day grace period (until ${day}) to fix their payment method; many of them will still pay.`;
  }
  return `The payment failed and the ${PAYMENT_GRACE_PERIOD_DAYS}-day grace period ended on ${day}: these pledges will not be paid unless the backer pays another way. Import the latest backer report to see them as failed or collected.`;
}
