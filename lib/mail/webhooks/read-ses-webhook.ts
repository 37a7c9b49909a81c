import { X509Certificate, verify } from "node:crypto";
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

// The fields SNS signs, in the order it signs them, per message type (Subject only when present).
const SIGNED_FIELDS: Record<string, readonly string[]> = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
  UnsubscribeConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
};

/**
 * Amazon SES bounce and complaint notifications, delivered through an SNS topic. The SNS envelope's
 * signature is checked against the certificate at its SigningCertURL (SignatureVersion 1: SHA1, 2:
 * SHA256), and the topic must be one we subscribed. A SubscriptionConfirmation is confirmed by
 * visiting its SubscribeURL once verified.
 */
export async function readSesWebhook(body: string, config: MailWebhookConfig["ses"]): Promise<MailWebhookReading> {
  let envelope: Record<string, unknown>;
  try {
    envelope = asRecord(JSON.parse(body));
  } catch {
    return { verified: false, reason: "The body is not an SNS message." };
  }
  const type = asString(envelope.Type) ?? "";
  const fields = SIGNED_FIELDS[type];
  const signature = asString(envelope.Signature);
  const certUrl = asString(envelope.SigningCertURL);
  const algorithm = { "1": "RSA-SHA1", "2": "RSA-SHA256" }[asString(envelope.SignatureVersion) ?? ""];
  if (!fields || !signature || !certUrl || !algorithm) {
    return { verified: false, reason: "Not a signed SNS message." };
  }
  let signed = "";
  for (const field of fields) {
    const value = envelope[field];
    if (value === undefined && field === "Subject") continue;
    if (typeof value !== "string") return { verified: false, reason: `The SNS message has no ${field}.` };
    signed += `${field}\n${value}\n`;
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(await config.fetchCertificate(certUrl));
  } catch (error) {
    return { verified: false, reason: `The signing certificate is not trusted: ${(error as Error).message}` };
  }
  if (!verify(algorithm, Buffer.from(signed, "utf8"), certificate.publicKey, Buffer.from(signature, "base64"))) {
    return { verified: false, reason: "The SNS signature does not match." };
  }
  const topicArn = envelope.TopicArn as string;
  if (!config.topicArns.includes(topicArn)) {
    return { verified: false, reason: `Topic ${topicArn} is not one of MAIL_WEBHOOK_SES_TOPIC_ARNS.` };
  }
  if (type === "SubscriptionConfirmation") {
    return { verified: true, events: [], subscribeUrl: envelope.SubscribeURL as string };
  }
  if (type !== "Notification") return { verified: true, events: [] };
  return { verified: true, events: readSesNotification(envelope.MessageId as string, envelope.Message as string) };
}

/** The SES notification inside an SNS Notification (feedback notifications or event publishing). */
function readSesNotification(snsMessageId: string, message: string): MailProviderEvent[] {
  const notification = asRecord(parseJsonOrThrow(message));
  const type = asString(notification.notificationType) ?? asString(notification.eventType);
  const mail = asRecord(notification.mail);
  const headers = Array.isArray(mail.headers) ? mail.headers.map(asRecord) : [];
  const messageId =
    bareMessageId(asRecord(mail.commonHeaders).messageId) ??
    bareMessageId(headers.find((header) => String(header.name).toLowerCase() === "message-id")?.value);
  const recipients = (list: unknown) => (Array.isArray(list) ? list.map(asRecord) : []);

  if (type === "Bounce") {
    const bounce = asRecord(notification.bounce);
    // Only Permanent is a hard bounce; Transient and Undetermined may succeed later.
    const kind: MailProviderEventKind = asString(bounce.bounceType) === "Permanent" ? "HARD_BOUNCE" : "SOFT_BOUNCE";
    return recipients(bounce.bouncedRecipients).flatMap((recipient) => {
      const email = asString(recipient.emailAddress);
      if (!email) return [];
      const detail = asString(recipient.diagnosticCode) ?? asString(bounce.bounceSubType);
      return [{ eventId: snsMessageId, email, kind, messageId, detail }];
    });
  }
  if (type === "Complaint") {
    const complaint = asRecord(notification.complaint);
    const detail = asString(complaint.complaintFeedbackType) ?? "marked as spam";
    return recipients(complaint.complainedRecipients).flatMap((recipient) => {
      const email = asString(recipient.emailAddress);
      return email ? [{ eventId: snsMessageId, email, kind: "COMPLAINT" as const, messageId, detail }] : [];
    });
  }
  if (type === undefined) throw new MalformedWebhookError("The SNS message holds no SES notification.");
  // Deliveries, sends, opens: nothing to act on.
  return [];
}
