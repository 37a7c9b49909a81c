import { describe, expect, test } from "vitest";
import { findSegmentCycle } from "@/lib/segments/find-segment-cycle";
import { parseEmailList } from "@/lib/segments/parse-email-list";

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe("findSegmentCycle", () => {
  test("no cycle in a diamond", () => {
    const g = graph({ a: ["b", "c"], b: ["d"], c: ["d"], d: [] });
    expect(findSegmentCycle(g)).toBeNull();
    expect(findSegmentCycle(g, "a")).toBeNull();
  });

  test("a direct and an indirect cycle, reported as a closed path", () => {
    expect(findSegmentCycle(graph({ a: ["a"] }), "a")).toEqual(["a", "a"]);
    expect(findSegmentCycle(graph({ a: ["b"], b: ["c"], c: ["a"] }), "a")).toEqual(["a", "b", "c", "a"]);
    expect(findSegmentCycle(graph({ x: ["y"], y: ["z", "x"], z: [] }))).toEqual(["x", "y", "x"]);
  });

  test("with a start, only cycles through it count", () => {
    const g = graph({ s: ["b"], b: ["c"], c: ["b"] });
    expect(findSegmentCycle(g, "s")).toBeNull();
    expect(findSegmentCycle(g)).toEqual(["b", "c", "b"]);
  });

  test("a long chain is handled without recursion", () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 50_000; i++) edges[`n${i}`] = [`n${i + 1}`];
    expect(findSegmentCycle(graph(edges), "n0")).toBeNull();
    edges.n50000 = ["n0"];
    expect(findSegmentCycle(graph(edges), "n0")).toHaveLength(50_002);
  });
});

describe("parseEmailList", () => {
  test("any separators: commas, semicolons, spaces, tabs, new lines", () => {
    const parsed = parseEmailList("a@x.com, b@x.com;c@x.com\td@x.com\n\re@x.com  f@x.com;;\n");
    expect(parsed).toEqual({
      emails: ["a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com", "f@x.com"],
      invalid: [],
      duplicateCount: 0,
    });
  });

  test("'Name <email>' forms, quoted names with separators, mailto: and brackets", () => {
    const parsed = parseEmailList(
      'Jane Doe <Jane@Example.com>, "Smith, Bob" <bob@example.com>; <plain@example.com>\nmailto:m@example.com (p@example.com)',
    );
    expect(parsed.emails).toEqual([
      "jane@example.com",
      "bob@example.com",
      "plain@example.com",
      "m@example.com",
      "p@example.com",
    ]);
    expect(parsed.invalid).toEqual([]);
  });

  test("case-insensitive duplicates are counted once", () => {
    const parsed = parseEmailList("A@x.com a@X.COM\nb@x.com A@x.com");
    expect(parsed.emails).toEqual(["a@x.com", "b@x.com"]);
    expect(parsed.duplicateCount).toBe(2);
  });

  test("invalid entries are reported as typed, a column header is ignored", () => {
    const parsed = parseEmailList(
      "Email\njane@example.com\nJane Doe\nbob@@example.com, alice@example, <not an email>\n",
    );
    expect(parsed.emails).toEqual(["jane@example.com"]);
    expect(parsed.invalid).toEqual(["Jane Doe", "bob@@example.com", "alice@example", "not an email"]);
  });

  test("empty input gives nothing", () => {
    expect(parseEmailList("  \n ,; ")).toEqual({ emails: [], invalid: [], duplicateCount: 0 });
  });
});
