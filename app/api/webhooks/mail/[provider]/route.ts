import { readBodyWithinLimit } from "@/lib/http/read-body-within-limit";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { isMailProvider } from "@/lib/mail/webhooks/mail-provider-event";
import { mailWebhookConfigFromEnv } from "@/lib/mail/webhooks/mail-webhook-config-from-env";
import { receiveMailWebhook } from "@/lib/mail/webhooks/receive-mail-webhook";

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
  // Counted as it arrives, so a chunked body that declares no length is bounded too.
  const read = await readBodyWithinLimit(request, REQUEST_BODY_LIMITS.mailWebhook);
  if (!read.ok) {
    return read.reason === "too-large"
      ? json(413, { error: "The body is larger than 1 MB." })
      : json(400, { error: "The request body ended before it was complete." });
  }
  const body = new TextDecoder().decode(read.bytes);

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
