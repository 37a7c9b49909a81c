import { describe, expect, it } from "vitest";
import { redactLogValue } from "@/lib/log/redact-log-value";

describe("redactLogValue", () => {
  it("masks email addresses, tokens in URLs and credential-bearing keys", () => {
    const redacted = redactLogValue({
      msg: "sign-in link for Ada.Lovelace+kick@example.co.uk",
      path: "/api/auth/magic-link/verify?token=abc123DEF&callbackURL=%2F",
      headers: { cookie: "pledgehouse.session_token=s3cr3t", authorization: "Bearer t0k3n", "user-agent": "curl" },
      nested: [{ sessionToken: "zzz", to: "bob@example.com" }],
    });
    const text = JSON.stringify(redacted);
    for (const secret of ["Ada.Lovelace", "abc123DEF", "s3cr3t", "t0k3n", "zzz", "bob@example.com"]) expect(text).not.toContain(secret);
    expect(redacted).toMatchObject({
      msg: "sign-in link for [email]",
      path: "/api/auth/magic-link/verify?token=[redacted]&callbackURL=%2F",
      headers: { cookie: "[redacted]", authorization: "[redacted]", "user-agent": "curl" },
    });
  });

  it("keeps an error's name and message, redacted", () => {
    expect(redactLogValue(new Error("550 mailbox unavailable for carol@example.org"))).toMatchObject({
      type: "Error",
      message: "550 mailbox unavailable for [email]",
    });
  });
});
