import type { EmailStatus } from "@/lib/db/generated/enums";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const labels: Record<EmailStatus, [string, BadgeTone]> = {
  QUEUED: ["Queued", "amber"],
  SENDING: ["Sending", "indigo"],
  SENT: ["Sent", "green"],
  FAILED: ["Failed", "red"],
  SKIPPED: ["Not sent", "neutral"],
};

/** Status of an outbox message; a message "sent" by the capture transport says Captured. */
export function EmailStatusBadge({ status, transport }: { status: EmailStatus; transport: string | null }) {
  const [label, tone] = status === "SENT" && transport === "capture" ? ["Captured", "green" as const] : labels[status];
  return <Badge tone={tone}>{label}</Badge>;
}
