import { describe, expect, it } from "vitest";
import { auth } from "@/lib/auth/auth";
import { requestSignInLink } from "@/lib/auth/request-sign-in-link";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in-limits";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

const ORIGIN = "http://localhost:3000";

function requestLink(email: string, ip: string | null): Promise<Response> {
  return auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-in/magic-link`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: ORIGIN,
        ...(ip ? { "x-forwarded-for": ip } : {}),
      },
      body: JSON.stringify({ email, callbackURL: "/projects" }),
    }),
  );
}

const signInMailTo = (email: string) => prisma.emailMessage.count({ where: { toEmail: email, kind: "sign-in" } });

describe("sign-in limits over time", () => {
  it("per IP: the next request is refused with the wait and no email; after the window the same IP may ask again", async () => {
    const ip = "198.51.100.40";
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.max; i++) {
      await requestSignInLink({ email: `reader${i}@example.com`, clientIp: ip });
    }
    const refused = await requestSignInLink({ email: "late@example.com", clientIp: ip }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).message).toBe("Too many sign-in attempts from your network. Try again in 10 minutes.");
    expect(await signInMailTo("late@example.com")).toBe(0);

    // The window passes (the limiter keeps its last request time in Postgres).
    await prisma.$executeRaw`UPDATE rate_limit SET last_request = last_request - ${(SIGN_IN_LIMITS.perIp.windowSeconds + 1) * 1000}`;
    await requestSignInLink({ email: "late@example.com", clientIp: ip });
    expect(await signInMailTo("late@example.com")).toBe(1);
  });

  it("per address: refused from any IP while the window holds ten links, accepted again once they are older", async () => {
    const email = "inbox@example.com";
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress.max; i++) {
      expect((await requestLink(email, `192.0.2.${i + 10}`)).status).toBe(200);
    }
    const refused = await requestSignInLink({ email, clientIp: "192.0.2.99" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).message).toBe(
      "Too many sign-in links were sent to this address recently. Use the newest one, or try again in 15 minutes.",
    );
    expect(await signInMailTo(email)).toBe(SIGN_IN_LIMITS.perAddress.max);

    await prisma.$executeRaw`UPDATE email_message SET created_at = created_at - make_interval(secs => ${SIGN_IN_LIMITS.perAddress.windowSeconds + 1})`;
    expect((await requestLink(email, "192.0.2.99")).status).toBe(200);
    expect(await signInMailTo(email)).toBe(SIGN_IN_LIMITS.perAddress.max + 1);
  });

  it("per IP counts every address: a client cycling through addresses is stopped at the same count", async () => {
    const ip = "198.51.100.41";
    const statuses = [];
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.max + 3; i++) statuses.push((await requestLink(`cycle${i}@example.com`, ip)).status);
    expect(statuses).toEqual([...Array(SIGN_IN_LIMITS.perIp.max).fill(200), 429, 429, 429]);
    expect(await prisma.emailMessage.count({ where: { kind: "sign-in" } })).toBe(SIGN_IN_LIMITS.perIp.max);
  });

  it("a request that names no client address is limited too", async () => {
    const statuses = [];
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.max + 1; i++) statuses.push((await requestLink(`anon${i}@example.com`, null)).status);
    expect(statuses.at(-1)).toBe(429);
  });
});
