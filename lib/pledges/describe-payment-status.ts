import type { Platform, PledgeStatus } from "@/lib/db/generated/enums";

export type PaymentStatusDescription = {
  /** A short label, e.g. "Payment errored". */
  label: string;
  tone: "green" | "amber" | "red" | "neutral";
  /** What happened, in plain language. */
  explanation: string;
  /** What to do about it, when anything can be done. */
  nextStep: string | null;
};

const PLATFORM_NAMES: Record<Platform, string> = {
  KICKSTARTER: "Kickstarter",
  INDIEGOGO: "Indiegogo",
  BACKERKIT: "BackerKit",
  GAMEFOUND: "Gamefound",
  OTHER: "the crowdfunding platform",
};

/**
 * A pledge's payment status explained for the person looking at it: the backer ("your payment")
 * or a project member ("the backer's payment"), with what to do next. Kickstarter's meanings:
 * errored = the charge failed and the backer is in the grace period to fix it; failed = the grace
 * period ended without payment; dropped = the pledge was cancelled or dropped for non-payment.
 */
export function describePaymentStatus(
  status: PledgeStatus,
  platform: Platform,
  viewer: "backer" | "member",
): PaymentStatusDescription {
  const where = PLATFORM_NAMES[platform];
  const backer = viewer === "backer";
  switch (status) {
    case "COLLECTED":
      return {
        label: "Collected",
        tone: "green",
        explanation: backer
          ? "Your payment went through. Your pledge is confirmed and your rewards are on their way as the creator fulfils them."
          : "The payment went through. The pledge is confirmed and its rewards are due.",
        nextStep: null,
      };
    case "ERRORED":
      return {
        label: "Payment errored",
        tone: "amber",
        explanation: backer
          ? "Your payment did not go through, and your pledge is in its grace period: it still counts if the payment succeeds soon."
          : "The payment did not go through. The pledge is in its grace period while the backer fixes their payment method.",
        nextStep: backer
          ? `Update your payment method on ${where} so the payment can be collected before the grace period ends.`
          : `The backer was asked to update their payment method on ${where}. Hold their rewards until it is collected.`,
      };
    case "FAILED":
      return {
        label: "Payment failed",
        tone: "red",
        explanation: backer
          ? "Your payment could not be collected and the grace period has ended, so this pledge was not paid."
          : "The payment could not be collected and the grace period has ended; the pledge was not paid.",
        nextStep: backer
          ? "Rewards are only sent for paid pledges. If you still want yours, contact the creator: they may offer a way to pay."
          : "Rewards are not due for this pledge unless the backer pays another way.",
      };
    case "DROPPED":
      return {
        label: "Dropped",
        tone: "neutral",
        explanation: backer
          ? "This pledge was cancelled or dropped before it was paid, so you were not charged."
          : "The pledge was cancelled or dropped before it was paid; the backer was not charged.",
        nextStep: backer ? "No rewards are due for this pledge. Contact the creator if you think this is a mistake." : null,
      };
    case "REFUNDED":
      return {
        label: "Refunded",
        tone: "neutral",
        explanation: backer
          ? `Your payment was refunded through ${where}.`
          : `The payment was refunded through ${where}.`,
        nextStep: backer ? "No rewards are due for a refunded pledge. Refunds can take a few days to reach your account." : null,
      };
  }
}
