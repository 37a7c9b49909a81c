import "server-only";
import { env } from "@/lib/env";
import type { MailWebhookConfig } from "./mail-webhook-config";

// Where SNS keeps its signing certificates and subscription endpoints: anything else in a message's
// SigningCertURL or SubscribeURL is an attacker's, and is never fetched.
const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

function snsUrlOrThrow(value: string, what: string): URL {
  const url = new URL(value);
  if (url.protocol !== "https:" || !SNS_HOST.test(url.hostname)) {
    throw new Error(`${what} ${url.origin} is not an Amazon SNS endpoint.`);
  }
  return url;
}

const certificates = new Map<string, Promise<string>>();

async function fetchSnsCertificate(value: string): Promise<string> {
  const url = snsUrlOrThrow(value, "Signing certificate URL");
  if (!url.pathname.endsWith(".pem")) throw new Error("The signing certificate URL is not a .pem file.");
  let certificate = certificates.get(url.href);
  if (!certificate) {
    certificate = fetch(url, { signal: AbortSignal.timeout(10_000), redirect: "error" }).then(async (response) => {
      if (!response.ok) throw new Error(`Fetching the signing certificate answered ${response.status}.`);
      return response.text();
    });
    // A failed fetch is not remembered: the next message tries again.
    certificate.catch(() => certificates.delete(url.href));
    certificates.set(url.href, certificate);
  }
  return certificate;
}

async function confirmSnsSubscription(value: string): Promise<void> {
  const url = snsUrlOrThrow(value, "SubscribeURL");
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: "error" });
  if (!response.ok) throw new Error(`Confirming the SNS subscription answered ${response.status}.`);
}

/** The webhook configuration of this instance: secrets from the environment, SNS certificates from AWS. */
export function mailWebhookConfigFromEnv(): MailWebhookConfig {
  return {
    ses: {
      topicArns: (env.MAIL_WEBHOOK_SES_TOPIC_ARNS ?? "")
        .split(",")
        .map((arn) => arn.trim())
        .filter(Boolean),
      fetchCertificate: fetchSnsCertificate,
      confirmSubscription: confirmSnsSubscription,
    },
    postmark: { credentials: env.MAIL_WEBHOOK_POSTMARK_CREDENTIALS },
    sendgrid: { publicKey: env.MAIL_WEBHOOK_SENDGRID_PUBLIC_KEY },
    mailgun: { signingKey: env.MAIL_WEBHOOK_MAILGUN_SIGNING_KEY },
    resend: { secret: env.MAIL_WEBHOOK_RESEND_SECRET },
  };
}
