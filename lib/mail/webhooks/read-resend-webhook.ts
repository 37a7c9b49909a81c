import { createHmac } from "node:crypto";
import type { MailWebhookConfig } from "./mail-webhook-config";
import {
  asRecord,
  asString,
  parseJsonOrThrow,
  type MailProviderEventKind,
  type MailWebhookReading,
} from "./mail-provider-event";
import { timingSafeEqualText } from "./timing-safe-equal-text";

// Svix's tolerance: an older (or future) timestamp is a replay.
const TOLERANCE_MS = 5 * 60_000;

/**
 * Resend's webhooks, signed the Svix way: `v1,<base64 HMAC-SHA256>` of "id.timestamp.body" under
 * the base64 part of the "whsec_…" secret, in the svix-signature header (several, space-separated,
 * while a secret rotates). email.bounced is a hard bounce unless its bounce type is Transient;
 * email.complained is a complaint.
 */
export function readResendWebhook(
  headers: Headers,
  body: string,
  config: MailWebhookConfig["resend"],
  now: number,
): MailWebhookReading {
  if (!config.secret) return { verified: false, reason: "MAIL_WEBHOOK_RESEND_SECRET is not set." };
  const id = headers.get("svix-id");
  const timestamp = headers.get("svix-timestamp");
  const signatures = headers.get("svix-signature");
  if (!id || !timestamp || !signatures) return { verified: false, reason: "The svix signature headers are missing." };
  const seconds = Number(timestamp);
  if (!Number.isFinite(seconds) || Math.abs(now - seconds * 1000) > TOLERANCE_MS) {
    return { verified: false, reason: "The signature's timestamp is too old or in the future." };
  }
  const key = Buffer.from(config.secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  const matches = signatures
    .split(" ")
    .some((entry) => entry.startsWith("v1,") && timingSafeEqualText(entry.slice(3), expected));
  if (!matches) return { verified: false, reason: "The signature does not match." };

  const event = asRecord(parseJsonOrThrow(body));
  const data = asRecord(event.data);
  const type = asString(event.type);
  let kind: MailProviderEventKind | undefined;
  if (type === "email.bounced")
    kind = asString(asRecord(data.bounce).type) === "Transient" ? "SOFT_BOUNCE" : "HARD_BOUNCE";
  else if (type === "email.complained") kind = "COMPLAINT";
  if (!kind) return { verified: true, events: [] };
  const to = Array.isArray(data.to) ? data.to : [data.to];
  const detail = asString(asRecord(data.bounce).message) ?? (kind === "COMPLAINT" ? "marked as spam" : undefined);
  return {
    verified: true,
    events: to.flatMap((recipient) => {
      const email = asString(recipient);
      return email ? [{ eventId: id, email, kind, detail }] : [];
    }),
  };
}
