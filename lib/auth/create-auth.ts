import "server-only";
import { createHash } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { magicLink } from "better-auth/plugins/magic-link";
import { prisma } from "@/lib/db/client";
import { queueEmail } from "@/lib/mail/queue-email";
import { SIGN_IN_LIMITS } from "./sign-in-limits";
import { normalizeEmail } from "./normalize-email";

export type AuthConfig = {
  baseURL: string;
  secret: string;
  /** Cookies carry the Secure flag (and the `__Secure-` name prefix). */
  secureCookies: boolean;
};

/**
 * Builds the Better Auth instance: magic-link sign-in only, sessions in our Postgres tables, sign-in
 * mail through the outbox, rate limiting on in every environment. A factory so tests can build
 * instances with production-like cookie settings; the app uses the one in `auth.ts`.
 */
export function createAuth(config: AuthConfig) {
  return betterAuth({
    appName: "Pledgehouse",
    baseURL: config.baseURL,
    basePath: "/api/auth",
    secret: config.secret,
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    session: {
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
    },
    rateLimit: {
      // Better Auth turns rate limiting off outside production by default; sign-in must be limited
      // everywhere, and the database store makes the limit hold across web processes.
      enabled: true,
      storage: "database",
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/magic-link": { window: SIGN_IN_LIMITS.perIp.windowSeconds, max: SIGN_IN_LIMITS.perIp.max },
      },
    },
    advanced: {
      useSecureCookies: config.secureCookies,
      cookiePrefix: "pledgehouse",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: config.secureCookies },
      // The session and its user in one statement (a join) rather than two: every signed-in page
      // looks the session up, so this is a round trip less on each of them. The cookie cache that
      // would skip the lookup altogether stays off: it would let a revoked session work until it expires.
      database: { joins: true },
    },
    databaseHooks: {
      user: {
        create: {
          // The user table has CHECK (email = lower(btrim(email))); Better Auth lower-cases but does
          // not trim, so normalise here rather than let a stray space become a 500.
          before: async (user) => ({ data: { ...user, email: normalizeEmail(user.email) } }),
        },
      },
    },
    plugins: [
      magicLink({
        expiresIn: SIGN_IN_LIMITS.linkExpiresInSeconds,
        // A leaked verification table must not hand out working sign-in links.
        storeToken: "hashed",
        sendMagicLink: async ({ email, url, token }) => {
          const to = normalizeEmail(email);
          await assertAddressNotFlooded(to);
          await queueEmail(prisma, {
            to,
            kind: "sign-in",
            props: { url, email: to, expiresInMinutes: Math.round(SIGN_IN_LIMITS.linkExpiresInSeconds / 60) },
            // Derived from the token: one message per link, never the token itself.
            idempotencyKey: `sign-in:${createHash("sha256").update(token).digest("hex")}`,
          });
        },
      }),
      // Must stay last: it copies Set-Cookie headers into Next's cookie store in server actions.
      nextCookies(),
    ],
  });
}

async function assertAddressNotFlooded(to: string): Promise<void> {
  const { windowSeconds, max } = SIGN_IN_LIMITS.perAddress;
  const recent = await prisma.emailMessage.count({
    where: { toEmail: to, kind: "sign-in", createdAt: { gt: new Date(Date.now() - windowSeconds * 1000) } },
  });
  if (recent >= max) {
    throw new APIError("TOO_MANY_REQUESTS", {
      message: `Too many sign-in links were sent to this address recently. Use the newest one, or try again in ${Math.round(windowSeconds / 60)} minutes.`,
    });
  }
}

export type Auth = ReturnType<typeof createAuth>;
