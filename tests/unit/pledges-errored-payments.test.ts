import { describe, expect, it } from "vitest";
import { describeErroredPayments } from "@/lib/pledges/describe-errored-payments";

describe("describeErroredPayments", () => {
  const endedAt = new Date("2024-03-03T16:00:00Z");

  it("does not say a campaign that ended long ago is still inside its grace period", () => {
    const text = describeErroredPayments(new Date("2013-06-01T04:00:00Z"), new Date("2026-12-07T00:00:00Z"));
    expect(text).not.toMatch(/still inside/);
    expect(text).toBe(
      "The payment failed and the 14-day grace period ended on Jun 15, 2013, 04:00 UTC: these pledges will not be paid unless the backer pays another way. Import the latest backer report to see them as failed or collected.",
    );
  });

  it("says when the grace period ends while it runs, and what it will be before the campaign ends", () => {
    expect(describeErroredPayments(endedAt, new Date("2024-03-10T00:00:00Z"))).toMatch(
      /still inside the 14-day grace period \(until Mar 17, 2024, 16:00 UTC\)/,
    );
    expect(describeErroredPayments(endedAt, new Date("2024-03-01T00:00:00Z"))).toMatch(
      /has 14 days after the campaign ends/,
    );
    expect(describeErroredPayments(null)).toMatch(/has 14 days after the campaign ends/);
  });

  it("names the end of the grace period on the project's clock", () => {
    // 16:00 UTC on 17 March 2024 is 09:00 in Los Angeles (PDT) and 03:00 on the 18th in Sydney (AEDT).
    expect(describeErroredPayments(endedAt, new Date("2024-03-10T00:00:00Z"), "America/Los_Angeles")).toMatch(/\(until Mar 17, 2024, 09:00 PDT\)/);
    expect(describeErroredPayments(endedAt, new Date("2024-03-10T00:00:00Z"), "Australia/Sydney")).toMatch(/\(until Mar 18, 2024, 03:00 GMT\+11\)/);
  });
});
