import { expect } from "vitest";
import { auth } from "@/lib/auth/auth";
import { prisma } from "@/lib/db/client";

/**
 * Signs `email` in through the real magic link and returns the session cookie (`name=value`), for
 * tests that call actions or route handlers with Next's request headers supplied.
 */
export async function signInThroughMagicLink(email: string, origin = "http://localhost:3000"): Promise<string> {
  const requested = await auth.handler(
    new Request(`${origin}/api/auth/sign-in/magic-link`, {
      method: "POST",
      headers: { "content-type": "application/json", origin, "x-forwarded-for": "203.0.113.78" },
      body: JSON.stringify({ email, callbackURL: "/" }),
    }),
  );
  expect(requested.status).toBe(200);
  const message = await prisma.emailMessage.findFirstOrThrow({
    where: { toEmail: email, kind: "sign-in" },
    orderBy: { createdAt: "desc" },
  });
  const url = message.text.match(/https?:\/\/\S+?\/api\/auth\/magic-link\/verify\?[^\s\]>)]+/)![0];
  const verified = await auth.handler(new Request(url));
  const cookie = verified.headers.getSetCookie().find((line) => line.includes("session_token="))!;
  return cookie.split(";")[0];
}
