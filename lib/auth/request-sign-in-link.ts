import "server-only";
import { DomainError } from "@/lib/errors";
import { env } from "@/lib/env";
import type { Auth } from "./create-auth";
import { auth as appAuth } from "./auth";

export type SignInLinkRequest = {
  /** Normalised address (see SignInSchema). */
  email: string;
  /** Same-site path to land on after clicking the link. */
  callbackPath?: string;
  /** The requesting client's address, for the per-IP limit; null when unknown. */
  clientIp: string | null;
  userAgent?: string | null;
};

/**
 * Asks Better Auth to email a magic link. The request goes through Better Auth's HTTP handler
 * rather than `auth.api` because only the handler applies rate limiting. Rate-limited and refused
 * requests become DomainErrors with a message for the person signing in.
 */
export async function requestSignInLink(request: SignInLinkRequest, auth: Auth = appAuth): Promise<void> {
  const origin = new URL(env.APP_URL).origin;
  const headers = new Headers({ "content-type": "application/json", origin });
  if (request.clientIp) headers.set("x-forwarded-for", request.clientIp);
  if (request.userAgent) headers.set("user-agent", request.userAgent);
  const callbackURL = request.callbackPath ?? "/";
  const response = await auth.handler(
    new Request(`${origin}/api/auth/sign-in/magic-link`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        email: request.email,
        callbackURL,
        newUserCallbackURL: callbackURL,
        errorCallbackURL: "/sign-in",
      }),
    }),
  );
  if (response.ok) return;

  const body = (await response.json().catch(() => ({}))) as { message?: string };
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get("x-retry-after"));
    if (Number.isFinite(retryAfter) && retryAfter > 0) {
      const minutes = Math.max(1, Math.ceil(retryAfter / 60));
      throw new DomainError(
        "FORBIDDEN",
        `Too many sign-in attempts from your network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      );
    }
    throw new DomainError("FORBIDDEN", body.message ?? "Too many sign-in attempts. Try again in a few minutes.");
  }
  if (response.status === 400) {
    throw new DomainError("INVALID_INPUT", "Enter a valid email address.", { email: ["Enter a valid email address."] });
  }
  throw new Error(`Better Auth refused the sign-in request: ${response.status} ${body.message ?? ""}`.trim());
}
