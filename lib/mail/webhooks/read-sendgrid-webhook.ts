import { createPublicKey, verify } from "node:crypto";
import type { MailWebhookConfig } from "./mail-webhook-config";
import {
  asRecord,
  asString,
  bareMessageId,
  MalformedWebhookError,
  parseJsonOrThrow,
  type MailProviderEvent,
  type MailProviderEventKind,
  type MailWebhookReading,
} from "./mail-provider-event";

/**
 * SendGrid's signed event webhook: an ECDSA (P-256, SHA-256) signature over the timestamp header
 * followed by the raw body, checked with the account's verification key. A "bounce" event of type
 * "bounce" is a hard bounce, of type "blocked" a soft one; "spamreport" is a complaint and
 * "unsubscribe"/"group_unsubscribe" an unsubscribe.
 */
export function readSendgridWebhook(
  headers: Headers,
  body: string,
  config: MailWebhookConfig["sendgrid"],
): MailWebhookReading {
  if (!config.publicKey) return { verified: false, reason: "MAIL_WEBHOOK_SENDGRID_PUBLIC_KEY is not set." };
  const signature = headers.get("x-twilio-email-event-webhook-signature");
  const timestamp = headers.get("x-twilio-email-event-webhook-timestamp");
  if (!signature || !timestamp) return { verified: false, reason: "The signature headers are missing." };
  let valid = false;
  try {
    const key = createPublicKey({ key: Buffer.from(config.publicKey, "base64"), format: "der", type: "spki" });
    valid = verify("sha256", Buffer.from(timestamp + body, "utf8"), key, Buffer.from(signature, "base64"));
  } catch {
    valid = false;
  }
  if (!valid) return { verified: false, reason: "The signature does not match." };

  const payload = parseJsonOrThrow(body);
  if (!Array.isArray(payload)) throw new MalformedWebhookError("SendGrid posts a list of events.");
  const events: MailProviderEvent[] = [];
  for (const item of payload) {
    const event = asRecord(item);
    const email = asString(event.email);
    const eventId = asString(event.sg_event_id);
    const kind = kindOf(asString(event.event), asString(event.type));
    if (!email || !eventId || !kind) continue;
    events.push({
      eventId,
      email,
      kind,
      messageId: bareMessageId(event["smtp-id"]),
      detail: asString(event.reason) ?? asString(event.status),
    });
  }
  return { verified: true, events };
}

function kindOf(event: string | undefined, type: string | undefined): MailProviderEventKind | undefined {
  switch (event) {
    case "bounce":
      return type === "blocked" ? "SOFT_BOUNCE" : "HARD_BOUNCE";
    case "spamreport":
      return "COMPLAINT";
    case "unsubscribe":
    case "group_unsubscribe":
      return "UNSUBSCRIBE";
    default:
      return undefined;
  }
}
