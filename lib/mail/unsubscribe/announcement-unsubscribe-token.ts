import "server-only";
import { createHmac } from "node:crypto";
import { getAuthSecret } from "@/lib/auth/get-auth-secret";
import { env } from "@/lib/env";
import { timingSafeEqualText } from "@/lib/mail/webhooks/timing-safe-equal-text";

// Its own key, derived from the instance secret, so this token can never stand in for a session or
// a sign-in token made with the same secret. Derived once per secret: an incentive for 250,000
// backers signs a link for each.
let derived: { secret: string; key: Buffer } | null = null;
function key(): Buffer {
  const secret = getAuthSecret();
  if (derived?.secret !== secret)
    derived = { secret, key: createHmac("sha256", secret).update("pledgehouse:announcement-unsubscribe").digest() };
  return derived.key;
}

const sign = (payload: string) => createHmac("sha256", key()).update(payload).digest("base64url");

/**
 * A link-safe token naming one backer address and one project: whoever holds it (the recipient of
 * the email it was in) may unsubscribe that address from that project's announcements. It does not
 * expire: an old email's unsubscribe link must keep working.
 */
export function createAnnouncementUnsubscribeToken(projectId: string, email: string): string {
  const payload = Buffer.from(`${projectId}\n${email.trim().toLowerCase()}`, "utf8").toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The project and address a token names, or null for a token that was not made here or was altered. */
export function readAnnouncementUnsubscribeToken(token: string): { projectId: string; email: string } | null {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined || token.length > 1000) return null;
  if (!timingSafeEqualText(signature, sign(payload))) return null;
  const [projectId, email] = Buffer.from(payload, "base64url").toString("utf8").split("\n");
  return projectId && email ? { projectId, email } : null;
}

/**
 * The unsubscribe page for one backer and project, linked from an announcement's body: it says what
 * stops and what keeps coming, and unsubscribes only on its button's POST.
 */
export function announcementUnsubscribePageUrl(projectId: string, email: string): string {
  return new URL(`/unsubscribe/${createAnnouncementUnsubscribeToken(projectId, email)}`, env.APP_URL).href;
}

/** The one-click unsubscribe URL (RFC 8058) that List-Unsubscribe carries. */
export function announcementUnsubscribeUrl(projectId: string, email: string): string {
  return new URL(`/api/unsubscribe/${createAnnouncementUnsubscribeToken(projectId, email)}`, env.APP_URL).href;
}
