import { describe, expect, test } from "vitest";
import {
  defaultIncentiveExclusions,
  IncentiveChoiceSchema,
  sameIncentiveDefinition,
} from "@/lib/incentives/incentive-schemas";
import { incentiveWarnings, type IncentiveWarningFacts } from "@/lib/incentives/incentive-warnings";

const DAY = 24 * 60 * 60 * 1000;
const now = new Date("2026-05-20T12:00:00Z");
const facts = (overrides: Partial<IncentiveWarningFacts> = {}): IncentiveWarningFacts => ({
  newGrants: 10,
  withoutShippingAddress: 0,
  weightBasedShipping: 0,
  sameItemElsewhere: 0,
  item: { name: "Enamel pin", physical: true, weightGrams: 20 },
  campaignEndedAt: new Date(now.getTime() - 30 * DAY),
  now,
  ...overrides,
});

describe("incentiveWarnings", () => {
  test("none for a physical item to shipping tiers of a campaign that ended a month ago", () => {
    expect(incentiveWarnings(facts())).toEqual([]);
  });

  test("a physical item for levels that collect no shipping address", () => {
    expect(incentiveWarnings(facts({ withoutShippingAddress: 1 }))).toEqual([
      {
        code: "NO_SHIPPING_ADDRESS",
        message:
          "1 backer is in pledge levels that do not collect a shipping address: the address will not be collected, so “Enamel pin” cannot be shipped to them unless “Collect Shipping Address” is enabled for those levels.",
      },
    ]);
    // A digital item needs no address.
    expect(
      incentiveWarnings(
        facts({ withoutShippingAddress: 4, item: { name: "PDF", physical: false, weightGrams: null } }),
      ),
    ).toEqual([]);
  });

  test("weight-based shipping fees apply only to an item with a weight", () => {
    expect(incentiveWarnings(facts({ weightBasedShipping: 1200 }))[0].message).toBe(
      "Shipping fees will apply: 1,200 backers are in pledge levels whose shipping is charged by weight, and “Enamel pin” weighs 20 g.",
    );
    expect(
      incentiveWarnings(facts({ weightBasedShipping: 3, item: { name: "Pin", physical: true, weightGrams: null } })),
    ).toEqual([]);
  });

  test("a campaign that ended less than 14 days ago, has not ended, or has no end date", () => {
    expect(incentiveWarnings(facts({ campaignEndedAt: new Date(now.getTime() - 3 * DAY) }))).toEqual([
      {
        code: "RECENTLY_ENDED",
        message:
          "The campaign ended 3 days ago. Payments may still fail during the 14-day grace period; we recommend waiting until May 31, 2026, 12:00 UTC before applying incentives.",
      },
    ]);
    // On the project's clock: 12:00 UTC is 21:00 in Tokyo.
    expect(
      incentiveWarnings(facts({ campaignEndedAt: new Date(now.getTime() - 3 * DAY), timeZone: "Asia/Tokyo" }))[0].message,
    ).toContain("waiting until May 31, 2026, 21:00 GMT+9 before");
    expect(
      incentiveWarnings(facts({ campaignEndedAt: new Date(now.getTime() - 2 * 60 * 60 * 1000) }))[0].message,
    ).toMatch(/^The campaign ended less than a day ago/);
    expect(incentiveWarnings(facts({ campaignEndedAt: new Date(now.getTime() - 14 * DAY) }))).toEqual([]);
    expect(incentiveWarnings(facts({ campaignEndedAt: new Date(now.getTime() + DAY) }))[0].code).toBe("NOT_ENDED");
    expect(incentiveWarnings(facts({ campaignEndedAt: null }))[0].code).toBe("NOT_ENDED");
  });

  test("nobody to give it to, and an item given already by another incentive", () => {
    const codes = incentiveWarnings(facts({ newGrants: 0, sameItemElsewhere: 2 })).map((w) => w.code);
    expect(codes).toEqual(["NOBODY", "SAME_ITEM_ELSEWHERE"]);
  });

  test("after an apply, the preview says everyone has it rather than 'nobody would receive it'", () => {
    expect(incentiveWarnings(facts({ newGrants: 0, alreadyGranted: 12 }))[0].message).toBe(
      "Everyone it can reach already has this incentive (12 backers), so applying it again gives nothing new.",
    );
    expect(incentiveWarnings(facts({ newGrants: 0 }))[0].message).toBe(
      "Nobody would receive it: every backer of the segment is excluded.",
    );
  });
});

describe("incentive schemas", () => {
  test("default exclusions: payments and dropped always, digital-only and no-reward for physical items", () => {
    expect(defaultIncentiveExclusions({ kind: "CREDIT" })).toEqual({
      failedPayments: true,
      droppedPledges: true,
      digitalOnly: false,
      noReward: false,
    });
    expect(defaultIncentiveExclusions({ kind: "ITEM", physical: true })).toMatchObject({
      digitalOnly: true,
      noReward: true,
    });
    expect(defaultIncentiveExclusions({ kind: "ITEM", physical: false })).toMatchObject({
      digitalOnly: false,
      noReward: false,
    });
  });

  test("a choice is an existing incentive or a named new one, with specific messages", () => {
    const bad = IncentiveChoiceSchema.safeParse({ name: " ", definition: { kind: "CREDIT", creditAmount: 0 } });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.flatMap((i) =>
      "errors" in i ? (i.errors as { message: string }[][]).flat().map((e) => e.message) : [i.message],
    );
    expect(messages).toEqual(
      expect.arrayContaining(["Give the incentive a name, e.g. “Early bird pin”", "The credit must be more than zero"]),
    );
    const item = IncentiveChoiceSchema.parse({
      name: " Pin ",
      definition: { kind: "ITEM", itemId: "0F8FAD5B-D9CB-469F-A165-70867728950E", quantity: 2 },
    });
    expect(item).toEqual({
      name: "Pin",
      definition: { kind: "ITEM", itemId: "0f8fad5b-d9cb-469f-a165-70867728950e", itemOptionId: null, quantity: 2 },
    });
  });

  test("same definition", () => {
    expect(sameIncentiveDefinition({ kind: "CREDIT", creditAmount: 5 }, { kind: "CREDIT", creditAmount: 5 })).toBe(
      true,
    );
    expect(sameIncentiveDefinition({ kind: "CREDIT", creditAmount: 5 }, { kind: "CREDIT", creditAmount: 6 })).toBe(
      false,
    );
    const pin = { kind: "ITEM" as const, itemId: "a", itemOptionId: null, quantity: 1 };
    expect(sameIncentiveDefinition(pin, { ...pin })).toBe(true);
    expect(sameIncentiveDefinition(pin, { ...pin, quantity: 2 })).toBe(false);
    expect(sameIncentiveDefinition(pin, { kind: "CREDIT", creditAmount: 1 })).toBe(false);
  });
});
