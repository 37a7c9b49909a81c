import type { MailWebhookConfig } from "./mail-webhook-config";
import {
  asRecord,
  asString,
  parseJsonOrThrow,
  type MailProviderEvent,
  type MailProviderEventKind,
  type MailWebhookReading,
} from "./mail-provider-event";
import { timingSafeEqualText } from "./timing-safe-equal-text";

// Postmark's bounce types (its BounceType enum) that we act on; the rest (auto-responders,
// subscribe requests, open-relay tests) say nothing about the address.
const BOUNCE_KINDS: Record<string, MailProviderEventKind> = {
  HardBounce: "HARD_BOUNCE",
  BadEmailAddress: "HARD_BOUNCE",
  ManuallyDeactivated: "HARD_BOUNCE",
  SpamComplaint: "COMPLAINT",
  SpamNotification: "COMPLAINT",
  Unsubscribe: "UNSUBSCRIBE",
  Transient: "SOFT_BOUNCE",
  SoftBounce: "SOFT_BOUNCE",
  DnsError: "SOFT_BOUNCE",
  Blocked: "SOFT_BOUNCE",
};

/**
 * Postmark's Bounce, SpamComplaint and SubscriptionChange webhooks. Postmark signs nothing; it is
 * given a webhook URL with HTTP basic auth credentials, which are checked here.
 */
export function readPostmarkWebhook(
  headers: Headers,
  body: string,
  config: MailWebhookConfig["postmark"],
): MailWebhookReading {
  if (!config.credentials) return { verified: false, reason: "MAIL_WEBHOOK_POSTMARK_CREDENTIALS is not set." };
  const authorization = headers.get("authorization") ?? "";
  const match = /^Basic\s+(\S+)$/i.exec(authorization);
  const given = match ? Buffer.from(match[1], "base64").toString("utf8") : "";
  if (!match || !timingSafeEqualText(given, config.credentials)) {
    return { verified: false, reason: "Missing or wrong basic auth credentials." };
  }
  const record = asRecord(parseJsonOrThrow(body));
  const recordType = asString(record.RecordType);
  const events: MailProviderEvent[] = [];
  if (recordType === "Bounce" || recordType === "SpamComplaint") {
    const kind = recordType === "SpamComplaint" ? "COMPLAINT" : BOUNCE_KINDS[asString(record.Type) ?? ""];
    const email = asString(record.Email);
    if (kind && email) {
      events.push({
        eventId: `${recordType}:${String(record.ID)}`,
        email,
        kind,
        detail: asString(record.Details) ?? asString(record.Description),
      });
    }
  } else if (recordType === "SubscriptionChange") {
    // SuppressSending false is a reactivation in Postmark; lifting is the creator's decision here.
    const email = asString(record.Recipient);
    if (email && record.SuppressSending === true) {
      const reason = asString(record.SuppressionReason);
      const kind = reason === "HardBounce" ? "HARD_BOUNCE" : reason === "SpamComplaint" ? "COMPLAINT" : "UNSUBSCRIBE";
      events.push({
        eventId: `SubscriptionChange:${String(record.MessageID)}:${String(record.ChangedAt)}`,
        email,
        kind,
        detail: reason,
      });
    }
  }
  return { verified: true, events };
}
