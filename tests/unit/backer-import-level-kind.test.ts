import { describe, expect, it } from "vitest";
import { suggestPledgeLevelKind } from "@/lib/backers/import/suggest-pledge-level-kind";

describe("suggestPledgeLevelKind", () => {
  it("reads Kickstarter's No reward as no reward whatever its backers did", () => {
    expect(suggestPledgeLevelKind({ noReward: true, rows: 3, paidShipping: 1, gaveAddress: 0 }).kind).toBe("NO_REWARD");
  });
  it("suggests digital only when no backer paid shipping or gave an address", () => {
    expect(suggestPledgeLevelKind({ noReward: false, rows: 6, paidShipping: 0, gaveAddress: 0 })).toEqual({
      kind: "DIGITAL",
      reason: "None of its 6 backers paid shipping or gave an address.",
    });
  });
  it("suggests physical when any backer paid shipping or gave an address, saying how many", () => {
    expect(suggestPledgeLevelKind({ noReward: false, rows: 10, paidShipping: 0, gaveAddress: 1 })).toEqual({
      kind: "PHYSICAL",
      reason: "1 of its 10 backers gave an address.",
    });
    expect(suggestPledgeLevelKind({ noReward: false, rows: 10, paidShipping: 9, gaveAddress: 9 }).kind).toBe("PHYSICAL");
  });
  it("does not call a level without backers in the file digital", () => {
    expect(suggestPledgeLevelKind({ noReward: false, rows: 0, paidShipping: 0, gaveAddress: 0 }).kind).toBe("PHYSICAL");
  });
});
