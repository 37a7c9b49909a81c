import { createHmac } from "node:crypto";
import type { MailWebhookConfig } from "./mail-webhook-config";
import {
  asRecord,
  asString,
  bareMessageId,
  type MailProviderEventKind,
  type MailWebhookReading,
} from "./mail-provider-event";
import { timingSafeEqualText } from "./timing-safe-equal-text";

/**
 * Mailgun's webhooks: the signature travels in the body (`signature.timestamp`, `.token`,
 * `.signature`, the hex HMAC-SHA256 of timestamp + token under the webhook signing key). The
 * token names the event (Mailgun's event id is only unique within a day). "failed" with severity
 * "permanent" is a hard bounce, "temporary" a soft one.
 */
export function readMailgunWebhook(body: string, config: MailWebhookConfig["mailgun"]): MailWebhookReading {
  if (!config.signingKey) return { verified: false, reason: "MAIL_WEBHOOK_MAILGUN_SIGNING_KEY is not set." };
  let payload: Record<string, unknown>;
  try {
    payload = asRecord(JSON.parse(body));
  } catch {
    return { verified: false, reason: "The body is not a signed Mailgun payload." };
  }
  const signature = asRecord(payload.signature);
  const timestamp = asString(signature.timestamp);
  const token = asString(signature.token);
  const given = asString(signature.signature);
  if (!timestamp || !token || !given) return { verified: false, reason: "The signature is missing." };
  const expected = createHmac("sha256", config.signingKey)
    .update(timestamp + token)
    .digest("hex");
  if (!timingSafeEqualText(given.toLowerCase(), expected))
    return { verified: false, reason: "The signature does not match." };

  const data = asRecord(payload["event-data"]);
  const email = asString(data.recipient);
  const kind = kindOf(asString(data.event), asString(data.severity));
  if (!email || !kind) return { verified: true, events: [] };
  const status = asRecord(data["delivery-status"]);
  return {
    verified: true,
    events: [
      {
        eventId: token,
        email,
        kind,
        messageId: bareMessageId(asRecord(asRecord(data.message).headers)["message-id"]),
        detail: asString(status.description) ?? asString(status.message) ?? asString(data.reason),
      },
    ],
  };
}

function kindOf(event: string | undefined, severity: string | undefined): MailProviderEventKind | undefined {
  if (event === "failed") return severity === "permanent" ? "HARD_BOUNCE" : "SOFT_BOUNCE";
  if (event === "complained") return "COMPLAINT";
  if (event === "unsubscribed") return "UNSUBSCRIBE";
  return undefined;
}
