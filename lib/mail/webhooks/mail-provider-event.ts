/** The providers whose webhooks Pledgehouse reads, as they appear in `/api/webhooks/mail/<provider>`. */
export const MAIL_PROVIDERS = ["ses", "postmark", "sendgrid", "mailgun", "resend"] as const;
export type MailProvider = (typeof MAIL_PROVIDERS)[number];

export function isMailProvider(value: string): value is MailProvider {
  return (MAIL_PROVIDERS as readonly string[]).includes(value);
}

export type MailProviderEventKind = "HARD_BOUNCE" | "SOFT_BOUNCE" | "COMPLAINT" | "UNSUBSCRIBE";

/** One provider report about one recipient, in the provider's own words reduced to what we act on. */
export type MailProviderEvent = {
  /** The provider's id for the event; with the recipient, what makes a redelivery a duplicate. */
  eventId: string;
  email: string;
  kind: MailProviderEventKind;
  /** Our Message-ID header as the provider echoes it, without angle brackets, when it does. */
  messageId?: string;
  /** The provider's diagnostic ("smtp; 550 5.1.1 user unknown"). */
  detail?: string;
};

/**
 * What a webhook request amounts to once its signature is checked: the events it reports, or
 * nothing to record (a verified request about something we do not act on, an SNS subscription
 * being confirmed). An unverified request never gets this far.
 */
export type MailWebhookReading =
  { verified: true; events: MailProviderEvent[]; subscribeUrl?: string } | { verified: false; reason: string };

/** "<abc@example.com>" or "abc@example.com" → "abc@example.com"; anything else → undefined. */
export function bareMessageId(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const bare = value.trim().replace(/^<|>$/g, "");
  return bare.includes("@") ? bare : undefined;
}

export const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export const asString = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;

/** Parses a verified body; malformed JSON from a verified sender is still a bad request, not ours to guess. */
export function parseJsonOrThrow(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new MalformedWebhookError("The body is not JSON.");
  }
}

export class MalformedWebhookError extends Error {}
