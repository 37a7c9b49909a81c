import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EMAIL_STATUS_LABELS } from "@/lib/activity/describe-email-status";
import type { MailLogStatus } from "@/lib/activity/mail-log-query";

const tones: Record<MailLogStatus, BadgeTone> = { QUEUED: "amber", SENDING: "indigo", SENT: "green", FAILED: "red", SKIPPED: "neutral" };

/** An outbox message's status as a badge; the text says the status on its own. */
export function EmailStatusBadge({ status }: { status: MailLogStatus }) {
  return <Badge tone={tones[status]}>{EMAIL_STATUS_LABELS[status]}</Badge>;
}
