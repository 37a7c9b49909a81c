import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { logRequestError } from "@/lib/log/log-request-error";
import { createLogger } from "@/lib/log/logger";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n")) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger(stream), lines };
}

describe("logRequestError (Next's onRequestError)", () => {
  it("writes one JSON line with the digest, the request id and the route, redacting addresses and tokens", () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error("no pledge for ada@example.com"), { digest: "2741933621" });
    logRequestError(
      logger,
      error,
      { path: "/pledges/abc?token=s3cret", method: "GET", headers: { "x-request-id": "req-123", cookie: "pledgehouse.session_token=abc" } },
      { routePath: "/pledges/[pledgeId]", routeType: "render" },
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: "request failed",
      digest: "2741933621",
      requestId: "req-123",
      method: "GET",
      path: "/pledges/abc",
      routePath: "/pledges/[pledgeId]",
      err: { type: "Error", message: "no pledge for [email]" },
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/ada@example\.com|s3cret|session_token/);
  });
});
