import { describe, expect, test } from "vitest";
import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";
import { compileSegmentFilter, type ReferencedSegment } from "@/lib/segments/compile-segment-filter";
import { parseSegmentFilterOrThrow } from "@/lib/segments/parse-segment-filter";
import type { SegmentFilter } from "@/lib/segments/segment-filter-schema";

const PROJECT = "9f0e8d7c-6b5a-4a3b-8c2d-000000000001";
const id = (n: number) => `9f0e8d7c-6b5a-4a3b-8c2d-${String(n).padStart(12, "0")}`;
const LEVEL = id(101);
const ITEM = id(102);
const OPTION = id(103);
const LIST = id(104);
const REWARD = id(105);
const STATIC_SEG = id(201);
const FILTER_SEG = id(202);
const EARLIER_PROJECT = id(501);
const LAUNCH = new Date("2031-01-01T17:00:00.000Z");

function context(
  segments: ReferencedSegment[] = [],
  project: { launchedAt?: Date | null; earlierProjectIds?: string[] } = {},
) {
  return {
    projectId: PROJECT,
    launchedAt: project.launchedAt === undefined ? LAUNCH : project.launchedAt,
    earlierProjectIds: project.earlierProjectIds ?? [EARLIER_PROJECT],
    segments: new Map(segments.map((s) => [s.id, s])),
  };
}

const staticSegment: ReferencedSegment = { id: STATIC_SEG, name: "Partner backers", kind: "STATIC", filter: null };
const filterSegment: ReferencedSegment = {
  id: FILTER_SEG,
  name: "Failed Backers",
  kind: "FILTER",
  filter: { type: "paymentStatus", statuses: ["FAILED", "ERRORED"] },
};

function compile(input: unknown, segments: ReferencedSegment[] = [staticSegment, filterSegment]) {
  return compileSegmentFilter(parseSegmentFilterOrThrow(input), context(segments));
}

/** The SQL text with whitespace collapsed, for readable assertions. */
const text = (sql: Prisma.Sql) => sql.text.replace(/\s+/g, " ");

const everyCondition = {
  type: "and",
  conditions: [
    { type: "inPledgeLevels", pledgeLevelIds: [LEVEL] },
    { type: "pledgedMoreThan", amount: 987_651 },
    { type: "pledgedLessThan", amount: 987_652 },
    { type: "pledgedWithinFirstHours", hours: 4_321 },
    { type: "pledgedBetween", from: "2031-07-08T09:10:11Z", to: "2031-07-09T09:10:11Z" },
    { type: "paymentStatus", statuses: ["REFUNDED"] },
    { type: "backersWithEmails", emails: ["o'brien+robert@example.ie", "x')--drop@evil.example"] },
    { type: "inAnyOfTheseSegments", segmentIds: [STATIC_SEG] },
    { type: "notInAnyOfTheseSegments", segmentIds: [FILTER_SEG] },
    { type: "inContactList", contactListIds: [LIST] },
    { type: "returningBacker" },
    { type: "country", countries: ["ZQ"] },
    { type: "hasItem", itemIds: [ITEM], itemOptionId: OPTION },
    { type: "hasItem", itemIds: [ITEM] },
    { type: "pledgeLevelKind", kinds: ["DIGITAL"] },
    { type: "hasTrackingNumber" },
    { type: "receivedDigitalReward", digitalRewardIds: [REWARD] },
  ],
};

describe("parameterisation", () => {
  test("no user value ever appears in the SQL text; every one is a bind parameter", () => {
    const sql = compile(everyCondition);
    const userValues = [
      PROJECT,
      LEVEL,
      ITEM,
      OPTION,
      LIST,
      REWARD,
      STATIC_SEG,
      FILTER_SEG,
      EARLIER_PROJECT,
      "987651",
      "987652",
      "4321",
      "2031-07-08",
      "REFUNDED",
      "o'brien",
      "drop",
      "ZQ",
      "DIGITAL",
      "ERRORED",
    ];
    for (const value of userValues) expect(sql.text).not.toContain(value);
    // A filter segment is inlined, so its own id is not needed as a value; the hours become the end
    // of the window (launch + 4321 h).
    const flat = JSON.stringify(sql.values);
    for (const value of userValues.filter((v) => v !== FILTER_SEG && v !== "4321")) expect(flat).toContain(value);
    expect(sql.values).toContain(new Date(LAUNCH.getTime() + 4321 * 3_600_000).toISOString());
    // Lists travel as one array parameter each, so a 100,000-email list is one parameter.
    expect(sql.values).toContainEqual(["o'brien+robert@example.ie", "x')--drop@evil.example"]);
    expect(sql.text).toMatch(/b\.email = ANY\(\$\d+::text\[\]\)/);
  });

  test("a large email list is a single parameter", () => {
    const emails = Array.from({ length: 20_000 }, (_, i) => `b${i}@example.com`);
    const sql = compile({ type: "backersWithEmails", emails });
    expect(sql.values).toEqual([emails]);
  });
});

describe("boolean structure", () => {
  test("AND, OR and NOT nest as written", () => {
    const sql = compile({
      type: "or",
      conditions: [
        { type: "and", conditions: [{ type: "pledgedMoreThan", amount: 1 }, { type: "hasTrackingNumber" }] },
        { type: "not", condition: { type: "country", countries: ["US"] } },
      ],
    });
    expect(text(sql)).toBe(
      "(((p.amount > $1::int) AND EXISTS (SELECT 1 FROM shipment sh WHERE sh.pledge_id = p.id AND sh.superseded_at IS NULL)) OR (NOT (b.country IS NOT NULL AND b.country = ANY($2::text[]))))",
    );
    // Upper- and lower-case codes, so a lower-case import still matches.
    expect(sql.values).toEqual([1, ["US", "us"]]);
  });

  test("an empty AND is TRUE (every backer)", () => {
    expect(text(compile({ type: "and", conditions: [] }))).toBe("TRUE");
  });

  test("a nullable column can never make a condition NULL, so NOT means 'everyone else'", () => {
    expect(text(compile({ type: "inPledgeLevels", pledgeLevelIds: [LEVEL] }))).toContain(
      "p.pledge_level_id IS NOT NULL AND",
    );
    expect(text(compile({ type: "pledgedWithinFirstHours", hours: 48 }))).toBe("(p.pledged_at < $1::timestamptz)");
    expect(text(compile({ type: "country", countries: ["DE"] }))).toContain("b.country IS NOT NULL AND");
  });

  test("'no reward' includes pledges without a pledge level", () => {
    expect(text(compile({ type: "pledgeLevelKind", kinds: ["NO_REWARD"] }))).toContain("OR p.pledge_level_id IS NULL");
    expect(text(compile({ type: "pledgeLevelKind", kinds: ["PHYSICAL"] }))).not.toContain(
      "OR p.pledge_level_id IS NULL",
    );
  });
});

describe("project facts looked up once per query", () => {
  test("the early-bird window ends at launch + N hours; without a launch time nobody is early", () => {
    const filter = parseSegmentFilterOrThrow({ type: "pledgedWithinFirstHours", hours: 48 });
    expect(compileSegmentFilter(filter, context()).values).toEqual(["2031-01-03T17:00:00.000Z"]);
    expect(text(compileSegmentFilter(filter, context([], { launchedAt: null })))).toBe("FALSE");
  });

  test("returning backers: earlier projects' backers by email, or marked returning", () => {
    const filter = parseSegmentFilterOrThrow({ type: "returningBacker" });
    const sql = compileSegmentFilter(filter, context());
    expect(text(sql)).toBe(
      "(b.marked_returning OR EXISTS (SELECT 1 FROM backer rb WHERE rb.project_id = ANY($1::uuid[]) AND rb.email = b.email))",
    );
    expect(sql.values).toEqual([[EARLIER_PROJECT]]);
    expect(text(compileSegmentFilter(filter, context([], { earlierProjectIds: [] })))).toBe("b.marked_returning");
  });
});

describe("segment references", () => {
  test("a static segment is an EXISTS over its members; 'not in' negates it", () => {
    expect(text(compile({ type: "inAnyOfTheseSegments", segmentIds: [STATIC_SEG] }))).toBe(
      "EXISTS (SELECT 1 FROM segment_member sm WHERE sm.segment_id = ANY($1::uuid[]) AND sm.backer_id = b.id)",
    );
    expect(text(compile({ type: "notInAnyOfTheseSegments", segmentIds: [STATIC_SEG] }))).toBe(
      "(NOT EXISTS (SELECT 1 FROM segment_member sm WHERE sm.segment_id = ANY($1::uuid[]) AND sm.backer_id = b.id))",
    );
  });

  test("a filter segment is compiled inline, so it is never stale", () => {
    const sql = compile({ type: "notInAnyOfTheseSegments", segmentIds: [FILTER_SEG, STATIC_SEG] });
    expect(text(sql)).toBe(
      '(NOT (EXISTS (SELECT 1 FROM segment_member sm WHERE sm.segment_id = ANY($1::uuid[]) AND sm.backer_id = b.id) OR (p.status = ANY($2::"PledgeStatus"[]))))',
    );
    expect(sql.values).toEqual([[STATIC_SEG], ["FAILED", "ERRORED"]]);
  });

  test("segments referring to segments are inlined recursively", () => {
    const outer: ReferencedSegment = {
      id: id(203),
      name: "Early birds without failed",
      kind: "FILTER",
      filter: {
        type: "and",
        conditions: [
          { type: "pledgedWithinFirstHours", hours: 48 },
          { type: "notInAnyOfTheseSegments", segmentIds: [FILTER_SEG] },
        ],
      },
    };
    const sql = compile({ type: "inAnyOfTheseSegments", segmentIds: [outer.id] }, [outer, filterSegment]);
    expect(text(sql)).toBe('((p.pledged_at < $1::timestamptz) AND (NOT (p.status = ANY($2::"PledgeStatus"[]))))');
    expect(sql.values).toEqual(["2031-01-03T17:00:00.000Z", ["FAILED", "ERRORED"]]);
  });

  test("a cycle between stored segments is refused, naming the segments", () => {
    const a: ReferencedSegment = {
      id: id(301),
      name: "A",
      kind: "FILTER",
      filter: { type: "inAnyOfTheseSegments", segmentIds: [id(302)] },
    };
    const b: ReferencedSegment = {
      id: id(302),
      name: "B",
      kind: "FILTER",
      filter: {
        type: "and",
        conditions: [{ type: "hasTrackingNumber" }, { type: "notInAnyOfTheseSegments", segmentIds: [id(301)] }],
      },
    };
    const run = () => compile({ type: "inAnyOfTheseSegments", segmentIds: [a.id] }, [a, b]);
    expect(run).toThrow(DomainError);
    expect(run).toThrow("These segments refer to each other in a cycle: “A” → “B” → “A”.");
    const self: ReferencedSegment = {
      id: id(303),
      name: "Me",
      kind: "FILTER",
      filter: { type: "inAnyOfTheseSegments", segmentIds: [id(303)] },
    };
    expect(() => compile({ type: "notInAnyOfTheseSegments", segmentIds: [self.id] }, [self])).toThrow("“Me” → “Me”");
  });

  test("a segment missing from the loaded context is NOT_FOUND", () => {
    try {
      compile({ type: "inAnyOfTheseSegments", segmentIds: [id(999)] });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).code).toBe("NOT_FOUND");
    }
  });

  test("a filter that explodes when its segments are inlined is refused", () => {
    // Each level refers to the previous one twice, so level n inlines 2^n copies of level 0.
    const levels: ReferencedSegment[] = [
      { id: id(400), name: "L0", kind: "FILTER", filter: { type: "hasTrackingNumber" } },
    ];
    for (let n = 1; n <= 12; n++) {
      const ref: SegmentFilter = { type: "inAnyOfTheseSegments", segmentIds: [id(399 + n)] };
      levels.push({ id: id(400 + n), name: `L${n}`, kind: "FILTER", filter: { type: "or", conditions: [ref, ref] } });
    }
    expect(() => compile({ type: "inAnyOfTheseSegments", segmentIds: [id(405)] }, levels)).not.toThrow();
    expect(() => compile({ type: "inAnyOfTheseSegments", segmentIds: [id(412)] }, levels)).toThrow(
      /This filter is too large once the segments it refers to are included/,
    );
  });
});
