import { isMailProvider } from "@/lib/mail/webhooks/mail-provider-event";
import { mailWebhookConfigFromEnv } from "@/lib/mail/webhooks/mail-webhook-config-from-env";
import { receiveMailWebhook } from "@/lib/mail/webhooks/receive-mail-webhook";

// Providers batch events, but a batch is kilobytes; anything far larger is not a provider.
const MAX_BODY_BYTES = 1024 * 1024;

function json(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * Bounces, complaints and unsubscribes from Amazon SES (through SNS), Postmark, SendGrid, Mailgun
 * and Resend. An unverified request gets 401 and records nothing; a provider retries anything but
 * a 2xx, and a retried event is recorded once.
 */
export async function POST(request: Request, { params }: { params: Promise<{ provider: string }> }): Promise<Response> {
  const { provider } = await params;
  if (!isMailProvider(provider)) return json(404, { error: `No mail webhook for "${provider}".` });
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) return json(413, { error: "The body is larger than 1 MB." });
  const body = await request.text();
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) return json(413, { error: "The body is larger than 1 MB." });

  const outcome = await receiveMailWebhook(provider, { headers: request.headers, body }, mailWebhookConfigFromEnv());
  switch (outcome.status) {
    case "unauthorized":
      return json(401, { error: outcome.reason });
    case "malformed":
      return json(400, { error: outcome.reason });
    case "recorded":
      return json(200, {
        recorded: outcome.recorded,
        duplicates: outcome.duplicates,
        suppressed: outcome.suppressed,
        subscriptionConfirmed: outcome.subscriptionConfirmed,
      });
  }
}
