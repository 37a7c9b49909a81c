import { describe, expect, it } from "vitest";
import { classifyDeliveryError } from "@/lib/mail/classify-delivery-error";
import { createMessageId } from "@/lib/mail/create-message-id";
import { extractLinks } from "@/lib/mail/extract-links";
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from "@/lib/mail/retry-policy";

const smtpError = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.message ?? "boom")), fields);

describe("classifyDeliveryError", () => {
  it("treats a 5xx reply as permanent and keeps the server's words", () => {
    const error = smtpError({
      code: "EENVELOPE",
      responseCode: 550,
      response: "550 5.1.1 <x@example.com>: Recipient address rejected: User unknown",
      message: "Can't send mail - all recipients were rejected: 550 5.1.1 ...",
    });
    expect(classifyDeliveryError(error)).toEqual({
      permanent: true,
      reason: "550 5.1.1 <x@example.com>: Recipient address rejected: User unknown",
    });
  });

  it("retries 4xx replies and connection problems", () => {
    expect(
      classifyDeliveryError(smtpError({ code: "EENVELOPE", responseCode: 451, response: "451 4.3.0 Try later" })),
    ).toEqual({
      permanent: false,
      reason: "451 4.3.0 Try later",
    });
    expect(
      classifyDeliveryError(smtpError({ code: "ESOCKET", message: "connect ECONNREFUSED 127.0.0.1:2525" })),
    ).toEqual({
      permanent: false,
      reason: "ESOCKET: connect ECONNREFUSED 127.0.0.1:2525",
    });
    expect(classifyDeliveryError(smtpError({ code: "ETIMEDOUT", message: "Connection timeout" })).permanent).toBe(
      false,
    );
    expect(classifyDeliveryError(new Error("read ECONNRESET")).permanent).toBe(false);
    expect(classifyDeliveryError("something odd").reason).toBe("something odd");
  });

  it("retries authentication failures: the operator fixes credentials, the messages are fine", () => {
    expect(
      classifyDeliveryError(
        smtpError({ code: "EAUTH", responseCode: 535, response: "535 5.7.8 Authentication failed" }),
      ),
    ).toEqual({
      permanent: false,
      reason: "535 5.7.8 Authentication failed",
    });
  });
});

describe("retryDelayMs", () => {
  it("doubles from 15–30 s up to an hour, with jitter between half and all of the step", () => {
    expect(retryDelayMs(1, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, () => 1)).toBe(30_000);
    expect(retryDelayMs(2, () => 1)).toBe(60_000);
    expect(retryDelayMs(4, () => 0.5)).toBe(180_000);
    expect(retryDelayMs(30, () => 1)).toBe(3_600_000);
    expect(retryDelayMs(30, () => 0)).toBe(1_800_000);
  });

  it("spreads retries of messages that failed together", () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(3)));
    expect(delays.size).toBeGreaterThan(40);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(60_000);
  });

  it("gives up after hours, not seconds", () => {
    const total = Array.from({ length: MAX_DELIVERY_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1, () => 0)).reduce(
      (a, b) => a + b,
    );
    expect(total).toBeGreaterThan(2 * 3_600_000);
  });
});

describe("createMessageId", () => {
  it("is stable per idempotency key and uses the sender's domain", () => {
    const from = "Pledgehouse <no-reply@mail.example.org>";
    expect(createMessageId("sign-in:abc", from)).toBe(createMessageId("sign-in:abc", from));
    expect(createMessageId("sign-in:abc", from)).not.toBe(createMessageId("sign-in:abd", from));
    expect(createMessageId("sign-in:abc", from)).toMatch(/^<[0-9a-f]{32}@mail\.example\.org>$/);
    expect(createMessageId("k", "bare@example.com")).toMatch(/@example\.com>$/);
  });
});

describe("extractLinks", () => {
  it("finds each http(s) link once, without trailing punctuation", () => {
    const text = [
      "Sign in to Pledgehouse http://localhost:3000/api/auth/magic-link/verify?token=a&callbackURL=%2Fprojects",
      "Or paste: http://localhost:3000/api/auth/magic-link/verify?token=a&callbackURL=%2Fprojects.",
      "Track it (https://tools.usps.com/go/Track?tLabels=1) or see https://en.wikipedia.org/wiki/Mail_(disambiguation).",
      "Not links: mailto:a@b.c, ftp://x, javascript:alert(1)",
    ].join("\n");
    expect(extractLinks(text)).toEqual([
      "http://localhost:3000/api/auth/magic-link/verify?token=a&callbackURL=%2Fprojects",
      "https://tools.usps.com/go/Track?tLabels=1",
      "https://en.wikipedia.org/wiki/Mail_(disambiguation)",
    ]);
  });
});
