import "server-only";
import { prisma } from "@/lib/db/client";
import { recordMailProviderEvents } from "@/lib/mail/suppression/record-mail-provider-events";
import type { MailWebhookConfig } from "./mail-webhook-config";
import { MalformedWebhookError, type MailProvider, type MailWebhookReading } from "./mail-provider-event";
import { readMailgunWebhook } from "./read-mailgun-webhook";
import { readPostmarkWebhook } from "./read-postmark-webhook";
import { readResendWebhook } from "./read-resend-webhook";
import { readSendgridWebhook } from "./read-sendgrid-webhook";
import { readSesWebhook } from "./read-ses-webhook";

export type MailWebhookOutcome =
  | { status: "unauthorized"; reason: string }
  | { status: "malformed"; reason: string }
  | { status: "recorded"; recorded: number; duplicates: number; suppressed: number; subscriptionConfirmed: boolean };

/**
 * One webhook request from a mail provider: verifies it (nothing is read from a request that fails
 * verification), records its bounces, complaints and unsubscribes, and confirms an SNS subscription.
 * The route turns the outcome into 200, 400 or 401.
 */
export async function receiveMailWebhook(
  provider: MailProvider,
  request: { headers: Headers; body: string },
  config: MailWebhookConfig,
): Promise<MailWebhookOutcome> {
  let reading: MailWebhookReading;
  try {
    reading = await read(provider, request, config);
  } catch (error) {
    if (error instanceof MalformedWebhookError) return { status: "malformed", reason: error.message };
    throw error;
  }
  if (!reading.verified) return { status: "unauthorized", reason: reading.reason };
  if (reading.subscribeUrl) await config.ses.confirmSubscription(reading.subscribeUrl);
  const result = await recordMailProviderEvents(prisma, provider, reading.events);
  return { status: "recorded", ...result, subscriptionConfirmed: reading.subscribeUrl !== undefined };
}

function read(
  provider: MailProvider,
  { headers, body }: { headers: Headers; body: string },
  config: MailWebhookConfig,
): Promise<MailWebhookReading> | MailWebhookReading {
  switch (provider) {
    case "ses":
      return readSesWebhook(body, config.ses);
    case "postmark":
      return readPostmarkWebhook(headers, body, config.postmark);
    case "sendgrid":
      return readSendgridWebhook(headers, body, config.sendgrid);
    case "mailgun":
      return readMailgunWebhook(body, config.mailgun);
    case "resend":
      return readResendWebhook(headers, body, config.resend, (config.now ?? Date.now)());
  }
}
