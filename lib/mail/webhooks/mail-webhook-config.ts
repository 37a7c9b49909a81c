/**
 * What each provider's webhook is checked against. Built from the environment in production
 * (mailWebhookConfigFromEnv); tests pass their own keys and, for SNS, their own certificate source.
 * A provider without its secret accepts nothing: every request to it is unauthorized.
 */
export type MailWebhookConfig = {
  ses: {
    /** SNS topics we subscribed: SNS signs every topic's messages alike, so the topic is what makes one ours. */
    topicArns: readonly string[];
    /** The PEM certificate at an SNS message's SigningCertURL; rejects a URL it does not trust. */
    fetchCertificate(url: string): Promise<string>;
    /** Visits a verified SubscriptionConfirmation's SubscribeURL; rejects a URL it does not trust. */
    confirmSubscription(url: string): Promise<void>;
  };
  /** "user:password" of the HTTP basic auth in the webhook URL Postmark is given. */
  postmark: { credentials?: string };
  /** The "Verification Key" of SendGrid's signed event webhook (base64 DER public key). */
  sendgrid: { publicKey?: string };
  /** Mailgun's "HTTP webhook signing key". */
  mailgun: { signingKey?: string };
  /** Resend's signing secret ("whsec_…"). */
  resend: { secret?: string };
  /** Milliseconds since the epoch; timestamps older than a few minutes are replays. */
  now?: () => number;
};
