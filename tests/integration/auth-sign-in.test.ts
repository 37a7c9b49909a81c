import { describe, expect, it } from "vitest";
import { auth } from "@/lib/auth/auth";
import { createAuth, type Auth } from "@/lib/auth/create-auth";
import { requestSignInLink } from "@/lib/auth/request-sign-in-link";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in-limits";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

const ORIGIN = "http://localhost:3000";

function requestLink(instance: Auth, email: string, ip = "203.0.113.7"): Promise<Response> {
  return instance.handler(
    new Request(`${ORIGIN}/api/auth/sign-in/magic-link`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": ip },
      body: JSON.stringify({ email, callbackURL: "/projects" }),
    }),
  );
}

/** The sign-in link in the newest captured message to `email`, as a reader of the mail would find it. */
async function latestLinkTo(email: string): Promise<string> {
  const message = await prisma.emailMessage.findFirstOrThrow({
    where: { toEmail: email },
    orderBy: { createdAt: "desc" },
  });
  const url = message.text.match(/https?:\/\/[^\s<>"\]]+\/api\/auth\/magic-link\/verify\?[^\s<>"\]]+/)?.[0];
  if (!url) throw new Error(`no sign-in link in: ${message.text}`);
  return url;
}

function openLink(instance: Auth, url: string, ip = "203.0.113.7"): Promise<Response> {
  return instance.handler(new Request(url, { headers: { "x-forwarded-for": ip } }));
}

function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((line) => line.includes("session_token="));
  if (!cookie) throw new Error(`no session cookie in ${response.headers.getSetCookie().join(" | ")}`);
  return cookie;
}

describe("magic-link sign-in", () => {
  it("queues one email to the normalised address, and its link signs the user in with a verified email", async () => {
    const response = await requestLink(auth, "Ana.Backer@Example.COM");
    expect(response.status).toBe(200);

    const messages = await prisma.emailMessage.findMany();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ toEmail: "ana.backer@example.com", kind: "sign-in", status: "QUEUED" });
    expect(messages[0].idempotencyKey).toMatch(/^sign-in:[0-9a-f]{64}$/);

    const url = await latestLinkTo("ana.backer@example.com");
    const token = new URL(url).searchParams.get("token")!;
    // The verification table holds a hash, so a database leak yields no working links.
    const stored = await prisma.verification.findMany();
    expect(stored).toHaveLength(1);
    expect(stored[0].identifier).not.toContain(token);

    const verified = await openLink(auth, url);
    expect(verified.status).toBe(302);
    expect(verified.headers.get("location")).toBe(`${ORIGIN}/projects`);
    const cookie = sessionCookie(verified);
    expect(cookie).toMatch(/^__Secure-pledgehouse\.session_token=/);

    const user = await prisma.user.findUniqueOrThrow({ where: { email: "ana.backer@example.com" } });
    expect(user.emailVerified).toBe(true);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);

    const session = await auth.api.getSession({ headers: new Headers({ cookie: cookie.split(";")[0] }) });
    expect(session?.user.email).toBe("ana.backer@example.com");
  });

  it("accepts a link only once", async () => {
    await requestLink(auth, "once@example.com");
    const url = await latestLinkTo("once@example.com");
    expect((await openLink(auth, url)).status).toBe(302);
    const again = await openLink(auth, url);
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toContain("error=INVALID_TOKEN");
    expect(
      again.headers.getSetCookie().some((line) => line.includes("session_token=") && !line.includes("Max-Age=0")),
    ).toBe(false);
  });
});

describe("sign-in rate limiting", () => {
  it(`answers 429 after ${SIGN_IN_LIMITS.perIp.max} link requests from one IP, stored in the rate_limit table`, async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.max; i++) {
      expect((await requestLink(auth, `person-${i}@example.com`, "198.51.100.1")).status).toBe(200);
    }
    const limited = await requestLink(auth, "one-more@example.com", "198.51.100.1");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("x-retry-after"))).toBeGreaterThan(60);
    expect(await prisma.emailMessage.count({ where: { toEmail: "one-more@example.com" } })).toBe(0);
    expect(await prisma.rateLimit.count({ where: { key: { contains: "198.51.100.1" } } })).toBe(1);

    // Another client is not affected.
    expect((await requestLink(auth, "someone@example.com", "198.51.100.2")).status).toBe(200);
  });

  it(`refuses more than ${SIGN_IN_LIMITS.perAddress.max} links to one address, even from many IPs`, async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress.max; i++) {
      expect((await requestLink(auth, "victim@example.com", `192.0.2.${i + 1}`)).status).toBe(200);
    }
    const flooded = await requestLink(auth, "victim@example.com", "192.0.2.200");
    expect(flooded.status).toBe(429);
    expect(((await flooded.json()) as { message: string }).message).toMatch(
      /Too many sign-in links were sent to this address/,
    );
    expect(await prisma.emailMessage.count({ where: { toEmail: "victim@example.com" } })).toBe(
      SIGN_IN_LIMITS.perAddress.max,
    );
  });

  it("tells the person signing in when to try again", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.max; i++) {
      await requestSignInLink({ email: `p${i}@example.com`, clientIp: "198.51.100.9" });
    }
    const error = await requestSignInLink({ email: "late@example.com", clientIp: "198.51.100.9" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toBe(
      "Too many sign-in attempts from your network. Try again in 10 minutes.",
    );
  });
});

describe("the auth route behind a proxy", () => {
  it("limits by the address the nearest proxy saw, so clients behind it do not share one bucket", async () => {
    const { POST } = await import("@/app/api/auth/[...all]/route");
    const post = (email: string, forwardedFor: string) =>
      POST(
        new Request(`${ORIGIN}/api/auth/sign-in/magic-link`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": forwardedFor },
          body: JSON.stringify({ email }),
        }),
      );
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.max; i++) {
      expect((await post(`a${i}@example.com`, `198.18.0.${i}, 203.0.113.77`)).status).toBe(200);
    }
    expect((await post("a-late@example.com", "198.18.0.99, 203.0.113.77")).status).toBe(429);
    expect((await post("b@example.com", "198.18.0.1, 203.0.113.78")).status).toBe(200);
    expect(await prisma.emailMessage.count({ where: { toEmail: "b@example.com" } })).toBe(1);
  });
});

describe("session cookies", () => {
  async function signInWith(instance: Auth, email: string): Promise<string> {
    expect((await requestLink(instance, email)).status).toBe(200);
    return sessionCookie(await openLink(instance, await latestLinkTo(email)));
  }

  it("are HttpOnly, SameSite=Lax and Secure in the production configuration", async () => {
    const cookie = await signInWith(
      createAuth({ baseURL: ORIGIN, secret: "x".repeat(32), secureCookies: true }),
      "prod@example.com",
    );
    const attributes = cookie.split(";").map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "secure", "path=/"]));
    expect(cookie).toMatch(/^__Secure-/);
  });

  it("drop only the Secure flag when plain-http development or e2e asks for it", async () => {
    const cookie = await signInWith(
      createAuth({ baseURL: ORIGIN, secret: "x".repeat(32), secureCookies: false }),
      "dev@example.com",
    );
    const attributes = cookie.split(";").map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["httponly", "samesite=lax"]));
    expect(attributes).not.toContain("secure");
    expect(cookie).toMatch(/^pledgehouse\.session_token=/);
  });
});
