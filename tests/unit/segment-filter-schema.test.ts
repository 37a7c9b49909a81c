import { describe, expect, test } from "vitest";
import { DomainError } from "@/lib/errors";
import { parseSegmentFilterOrThrow } from "@/lib/segments/parse-segment-filter";
import {
  collectSegmentFilterReferences,
  SEGMENT_CONDITION_TYPES,
  SEGMENT_FILTER_LIMITS,
  SegmentFilterSchema,
} from "@/lib/segments/segment-filter-schema";

const ID1 = "0a8c1a0e-6a51-4d7e-9a0e-111111111111";
const ID2 = "0a8c1a0e-6a51-4d7e-9a0e-222222222222";

/** The messages of a failed parse, keyed by path. */
function problems(input: unknown): Record<string, string[]> {
  try {
    parseSegmentFilterOrThrow(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("INVALID_INPUT");
    return (error as DomainError).fieldErrors ?? {};
  }
  throw new Error("expected the filter to be refused");
}

describe("every condition kind parses", () => {
  const valid = {
    inPledgeLevels: { type: "inPledgeLevels", pledgeLevelIds: [ID1, ID2.toUpperCase(), ID1] },
    pledgedMoreThan: { type: "pledgedMoreThan", amount: 0 },
    pledgedLessThan: { type: "pledgedLessThan", amount: 5000 },
    pledgedWithinFirstHours: { type: "pledgedWithinFirstHours", hours: 48 },
    pledgedBetween: { type: "pledgedBetween", from: "2026-03-01T00:00:00Z", to: "2026-03-02T12:00:00+02:00" },
    paymentStatus: { type: "paymentStatus", statuses: ["FAILED", "ERRORED", "FAILED"] },
    backersWithEmails: {
      type: "backersWithEmails",
      emails: ["  Jane@Example.COM ", "jane@example.com", "o'brien@x.ie"],
    },
    inAnyOfTheseSegments: { type: "inAnyOfTheseSegments", segmentIds: [ID1] },
    notInAnyOfTheseSegments: { type: "notInAnyOfTheseSegments", segmentIds: [ID1, ID2] },
    inContactList: { type: "inContactList", contactListIds: [ID2] },
    returningBacker: { type: "returningBacker" },
    country: { type: "country", countries: ["us", " DE ", "US"] },
    hasItem: { type: "hasItem", itemIds: [ID1], itemOptionId: ID2.toUpperCase() },
    pledgeLevelKind: { type: "pledgeLevelKind", kinds: ["DIGITAL", "NO_REWARD"] },
    hasTrackingNumber: { type: "hasTrackingNumber" },
    receivedDigitalReward: { type: "receivedDigitalReward", digitalRewardIds: [ID1] },
  } as const;

  test("the examples cover every condition type", () => {
    expect(Object.keys(valid).sort()).toEqual([...SEGMENT_CONDITION_TYPES].sort());
  });

  test.each(Object.entries(valid))("%s", (_type, condition) => {
    expect(SegmentFilterSchema.safeParse(condition).success).toBe(true);
  });

  test("values are normalised: ids lower-cased and de-duplicated, emails trimmed and lower-cased, countries upper-cased", () => {
    const parsed = parseSegmentFilterOrThrow({ type: "and", conditions: Object.values(valid) });
    expect(parsed.type === "and" && parsed.conditions).toEqual(
      expect.arrayContaining([
        { type: "inPledgeLevels", pledgeLevelIds: [ID1, ID2] },
        { type: "paymentStatus", statuses: ["FAILED", "ERRORED"] },
        { type: "backersWithEmails", emails: ["jane@example.com", "o'brien@x.ie"] },
        { type: "country", countries: ["US", "DE"] },
        { type: "hasItem", itemIds: [ID1], itemOptionId: ID2 },
      ]),
    );
  });

  test("groups nest: AND, OR, NOT; an empty AND matches everyone and is allowed", () => {
    const filter = {
      type: "and",
      conditions: [
        { type: "or", conditions: [valid.pledgedMoreThan, { type: "not", condition: valid.returningBacker }] },
        { type: "and", conditions: [] },
      ],
    };
    expect(parseSegmentFilterOrThrow(filter)).toEqual(filter);
  });

  test("references are collected by kind, without duplicates", () => {
    const filter = parseSegmentFilterOrThrow({ type: "and", conditions: Object.values(valid) });
    expect(collectSegmentFilterReferences(filter)).toEqual({
      segmentIds: [ID1, ID2],
      pledgeLevelIds: [ID1, ID2],
      itemIds: [ID1],
      itemOptionIds: [ID2],
      contactListIds: [ID2],
      digitalRewardIds: [ID1],
    });
  });
});

describe("bad filters are refused with a clear message at the right place", () => {
  test.each<[string, unknown, string, string]>([
    ["not an object", "pledged lots", "filter", "Each condition must be an object with a type"],
    [
      "missing type",
      { amount: 5 },
      "type",
      "A condition is missing its type; use one of: and, or, not, inPledgeLevels",
    ],
    ["unknown type", { type: "pledgedAlot" }, "type", 'Unknown condition type "pledgedAlot"'],
    ["unknown field", { type: "returningBacker", since: 2020 }, "filter", 'Returning backer: unknown field "since"'],
    [
      "no pledge levels",
      { type: "inPledgeLevels", pledgeLevelIds: [] },
      "pledgeLevelIds",
      "In these pledge levels: choose at least one pledge level",
    ],
    [
      "bad id",
      { type: "inPledgeLevels", pledgeLevelIds: ["42"] },
      "pledgeLevelIds.0",
      "In these pledge levels: each pledge level must be an id (a UUID)",
    ],
    [
      "fractional amount",
      { type: "pledgedMoreThan", amount: 10.5 },
      "amount",
      "Pledged more than: the amount must be a whole number of minor units (cents), not a fraction",
    ],
    [
      "amount as text",
      { type: "pledgedMoreThan", amount: "10" },
      "amount",
      "Pledged more than: enter an amount in minor units (cents) as a whole number",
    ],
    [
      "negative amount",
      { type: "pledgedMoreThan", amount: -1 },
      "amount",
      "Pledged more than: the amount must be at least 0 (minor units)",
    ],
    [
      "less than zero",
      { type: "pledgedLessThan", amount: 0 },
      "amount",
      "Pledged less than: the amount must be at least 1 (minor units)",
    ],
    [
      "huge amount",
      { type: "pledgedLessThan", amount: 3e9 },
      "amount",
      "Pledged less than: the amount must be at most 2147483647",
    ],
    ["zero hours", { type: "pledgedWithinFirstHours", hours: 0 }, "hours", "the number of hours must be at least 1"],
    [
      "too many hours",
      { type: "pledgedWithinFirstHours", hours: 10_000 },
      "hours",
      "the number of hours must be at most 8784 (a year)",
    ],
    [
      "time without zone",
      { type: "pledgedBetween", from: "2026-03-01T00:00:00", to: "2026-03-02T00:00:00Z" },
      "from",
      'Pledged between: "from" must be a date and time with a time zone',
    ],
    [
      "reversed times",
      { type: "pledgedBetween", from: "2026-03-02T00:00:00Z", to: "2026-03-01T00:00:00Z" },
      "to",
      'Pledged between: "from" must be earlier than "to"',
    ],
    [
      "unknown status",
      { type: "paymentStatus", statuses: ["PAID"] },
      "statuses.0",
      "Payment status: the status must be one of COLLECTED, ERRORED, FAILED, DROPPED, REFUNDED",
    ],
    ["no statuses", { type: "paymentStatus", statuses: [] }, "statuses", "Payment status: choose at least one status"],
    [
      "bad email",
      { type: "backersWithEmails", emails: ["jane@example.com", "jane at example"] },
      "emails.1",
      'Backers with emails: "jane at example" is not an email address',
    ],
    ["no emails", { type: "backersWithEmails", emails: [] }, "emails", "Backers with emails: paste at least one email"],
    [
      "bad country",
      { type: "country", countries: ["USA"] },
      "countries.0",
      'Country: "USA" is not a two-letter country code such as US or DE',
    ],
    [
      "option with two items",
      { type: "hasItem", itemIds: [ID1, ID2], itemOptionId: ID1 },
      "itemOptionId",
      "Has an item or add-on: an option (such as a size or colour) can only be chosen together with exactly one item",
    ],
    [
      "unknown kind",
      { type: "pledgeLevelKind", kinds: ["DIGITAL_ONLY"] },
      "kinds.0",
      "Pledge level kind: the kind must be one of PHYSICAL, DIGITAL, NO_REWARD",
    ],
    [
      "no segments",
      { type: "notInAnyOfTheseSegments", segmentIds: [] },
      "segmentIds",
      "Not in any of these segments: choose at least one segment",
    ],
    ["empty OR", { type: "or", conditions: [] }, "conditions", "OR group: add at least one condition"],
    ["NOT without condition", { type: "not" }, "condition", "A NOT group needs a condition to negate"],
  ])("%s", (_name, input, path, message) => {
    const errors = problems(input);
    expect(Object.keys(errors)).toContain(path);
    expect(errors[path].join(" | ")).toContain(message);
  });

  test("nested problems report their path in the tree, and the thrown message counts them", () => {
    const input = {
      type: "and",
      conditions: [
        { type: "pledgedMoreThan", amount: 100 },
        {
          type: "or",
          conditions: [
            { type: "country", countries: ["U"] },
            { type: "not", condition: { type: "x" } },
          ],
        },
      ],
    };
    expect(() => parseSegmentFilterOrThrow(input)).toThrow(/\(and 1 more problem\)$/);
    expect(Object.keys(problems(input)).sort()).toEqual([
      "conditions.1.conditions.0.countries.0",
      "conditions.1.conditions.1.condition.type",
    ]);
  });
});

describe("limits", () => {
  const leaf = { type: "hasTrackingNumber" };
  const nest = (depth: number): unknown =>
    depth === 1 ? { type: "not", condition: leaf } : { type: "not", condition: nest(depth - 1) };

  test(`groups nest up to ${SEGMENT_FILTER_LIMITS.maxDepth} deep, not deeper`, () => {
    expect(SegmentFilterSchema.safeParse(nest(SEGMENT_FILTER_LIMITS.maxDepth)).success).toBe(true);
    expect(problems(nest(SEGMENT_FILTER_LIMITS.maxDepth + 1)).filter).toEqual([
      "Groups can be nested at most 8 levels deep; simplify the filter or save part of it as its own segment",
    ]);
  });

  test("a pathologically deep input is refused without exhausting the stack", () => {
    let deep: unknown = leaf;
    for (let i = 0; i < 100_000; i++) deep = { type: "not", condition: deep };
    expect(problems(deep).filter[0]).toMatch(/nested at most 8 levels/);
  });

  test("a group holds at most 50 conditions", () => {
    expect(SegmentFilterSchema.safeParse({ type: "or", conditions: Array(50).fill(leaf) }).success).toBe(true);
    expect(problems({ type: "or", conditions: Array(51).fill(leaf) }).conditions).toEqual([
      "OR group: at most 50 conditions in one group; nest groups instead",
    ]);
  });

  test("a filter holds at most 200 conditions and groups", () => {
    const wide = (groups: number) => ({
      type: "and",
      conditions: Array.from({ length: groups }, () => ({ type: "or", conditions: Array(49).fill(leaf) })),
    });
    expect(SegmentFilterSchema.safeParse(wide(3)).success).toBe(true); // 1 + 3 × 50 = 151
    expect(problems(wide(4)).filter[0]).toMatch(/at most 200 conditions and groups/); // 201
  });

  test("id lists and email lists are bounded", () => {
    const ids = Array.from({ length: 501 }, (_, i) => `0a8c1a0e-6a51-4d7e-9a0e-${String(i).padStart(12, "0")}`);
    expect(problems({ type: "inContactList", contactListIds: ids }).contactListIds[0]).toBe(
      "In a contact list: at most 500 contact lists can be chosen in one condition",
    );
    const emails = Array.from({ length: 100_001 }, (_, i) => `b${i}@example.com`);
    expect(problems({ type: "backersWithEmails", emails }).emails[0]).toBe(
      "Backers with emails: at most 100000 emails; import a longer list as a contact list",
    );
    expect(SegmentFilterSchema.safeParse({ type: "backersWithEmails", emails: emails.slice(1) }).success).toBe(true);
  });
});
