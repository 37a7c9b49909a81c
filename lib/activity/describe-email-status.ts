import type { MailLogStatus } from "./mail-log-query";

// Pure: the mail log's words for outbox statuses and email kinds, for creators rather than for
// whoever wrote the mail worker.

export const EMAIL_STATUS_LABELS: Record<MailLogStatus, string> = {
  QUEUED: "Queued",
  SENDING: "Sending",
  SENT: "Sent",
  FAILED: "Failed",
  SKIPPED: "Not sent",
};

/** What each status means, in plain words. */
export const EMAIL_STATUS_EXPLANATIONS: Record<MailLogStatus, string> = {
  QUEUED:
    "Waiting for the mail worker, which sends new messages within seconds. After a temporary problem (the receiving server was busy or unreachable) it tries again by itself, waiting a little longer each time.",
  SENDING: "The mail worker is handing it to the mail server right now.",
  SENT: "The receiving mail server accepted it. What happens next (inbox or spam folder) is up to the backer's provider.",
  FAILED:
    "The receiving server refused it, or it could not be delivered after many tries. The reason is shown; fix the cause (a mistyped address, for example), then retry.",
  SKIPPED:
    "Not sent on purpose: the address bounced permanently, marked an earlier email as spam, or unsubscribed. The reason is shown. A hard bounce or complaint can be lifted from the backer's page once the backer confirms the address works.",
};

const KIND_LABELS: Record<string, string> = {
  "tracking-shipped": "Shipping notice",
  "digital-reward": "Digital reward",
  "incentive-granted": "Incentive gift",
  "sign-in": "Sign-in link",
};

/** "tracking-shipped" → "Shipping notice"; an unknown kind is shown as it is stored. */
export function describeEmailKind(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}
