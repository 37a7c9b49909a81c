import { Badge, type BadgeTone } from "@/components/ui/badge";

const statuses: Record<string, { label: string; tone: BadgeTone }> = {
  COLLECTED: { label: "Collected", tone: "green" },
  ERRORED: { label: "Payment errored", tone: "amber" },
  FAILED: { label: "Payment failed", tone: "red" },
  DROPPED: { label: "Dropped", tone: "neutral" },
  REFUNDED: { label: "Refunded", tone: "neutral" },
};

/** A pledge's payment status in the words Kickstarter's backer report uses. */
export function PledgeStatusBadge({ status }: { status: string }) {
  const { label, tone } = statuses[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={tone}>{label}</Badge>;
}
