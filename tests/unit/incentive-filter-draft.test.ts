import { describe, expect, test } from "vitest";
import {
  draftToFilter,
  filterToDraft,
  newCondition,
  newGroup,
  parseMajorAmount,
} from "@/components/segments/filter-draft";
import { SegmentFilterSchema, type SegmentFilter } from "@/lib/segments/segment-filter-schema";

const A = "0f8fad5b-d9cb-469f-a165-70867728950e";
const B = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

describe("the segment builder's draft tree", () => {
  test("round-trips a filter with AND, OR, NOT and every kind of value", () => {
    const filter: SegmentFilter = {
      type: "and",
      conditions: [
        { type: "inAnyOfTheseSegments", segmentIds: [A] },
        { type: "not", condition: { type: "inAnyOfTheseSegments", segmentIds: [B] } },
        {
          type: "or",
          conditions: [
            { type: "pledgedMoreThan", amount: 2550 },
            { type: "pledgedWithinFirstHours", hours: 48 },
            { type: "pledgedBetween", from: "2026-03-01T17:00:00Z", to: "2026-03-03T17:00:00Z" },
          ],
        },
        {
          type: "not",
          condition: { type: "or", conditions: [{ type: "returningBacker" }, { type: "hasTrackingNumber" }] },
        },
        { type: "backersWithEmails", emails: ["ada@example.com", "grace@example.com"] },
        { type: "hasItem", itemIds: [A], itemOptionId: B },
        { type: "pledgeLevelKind", kinds: ["PHYSICAL"] },
        { type: "country", countries: ["US", "DE"] },
      ],
    };
    const draft = filterToDraft(filter, "USD", "UTC");
    const back = draftToFilter(draft, "USD", "UTC");
    expect(back.problems).toEqual([]);
    expect(back.filter).toEqual(filter);
    expect(SegmentFilterSchema.parse(back.filter)).toEqual(filter);
  });

  test("a lone condition or a negated one becomes the only child of an AND group", () => {
    const draft = filterToDraft({ type: "not", condition: { type: "returningBacker" } }, "USD", "UTC");
    expect(draft).toMatchObject({ kind: "group", op: "and", negate: false });
    expect(draftToFilter(draft, "USD", "UTC").filter).toEqual({
      type: "and",
      conditions: [{ type: "not", condition: { type: "returningBacker" } }],
    });
  });

  test("reports, in the creator's terms, what only the builder can tell is unfinished", () => {
    const amount = newCondition("pledgedLessThan");
    if (amount.kind === "condition") amount.values.amount = "twelve";
    const emails = newCondition("backersWithEmails");
    const between = newCondition("pledgedBetween");
    const { filter, problems } = draftToFilter(newGroup("and", [amount, emails, between]), "EUR", "UTC");
    expect(filter).toBeNull();
    expect(problems).toEqual([
      "Pledged less than: enter an amount such as 25 or 25.50 (EUR)",
      "Backers with emails: paste at least one email",
      "Pledged between: enter both dates and times",
    ]);
  });

  test("dates and times typed in the builder are read on the project's clock, and shown on it again", () => {
    const between = newCondition("pledgedBetween");
    if (between.kind === "condition") Object.assign(between.values, { from: "2026-03-07T18:00", to: "2026-03-09T18:00" });
    // Los Angeles moves its clocks forward on 8 March 2026: 18:00 is 02:00 UTC before, 01:00 UTC after.
    const { filter } = draftToFilter(newGroup("and", [between]), "USD", "America/Los_Angeles");
    const stored = { type: "pledgedBetween", from: "2026-03-08T02:00:00Z", to: "2026-03-10T01:00:00Z" };
    expect(filter).toEqual({ type: "and", conditions: [stored] });
    expect(filterToDraft(filter!, "USD", "America/Los_Angeles").children[0]).toMatchObject({ values: { from: "2026-03-07T18:00", to: "2026-03-09T18:00" } });
    expect(draftToFilter(newGroup("and", [between]), "USD", "Europe/Berlin").filter).toEqual({
      type: "and",
      conditions: [{ type: "pledgedBetween", from: "2026-03-07T17:00:00Z", to: "2026-03-09T17:00:00Z" }],
    });
  });

  test("amounts in major units become minor units in the currency's decimals", () => {
    expect(parseMajorAmount("25", "USD")).toBe(2500);
    expect(parseMajorAmount("$25.5", "USD")).toBe(2550);
    expect(parseMajorAmount("1,250.75", "USD")).toBe(125075);
    expect(parseMajorAmount("12,50", "EUR")).toBe(1250);
    expect(parseMajorAmount("500", "JPY")).toBe(500);
    expect(parseMajorAmount("", "USD")).toBeNull();
    expect(parseMajorAmount("-3", "USD")).toBeNull();
  });
});
