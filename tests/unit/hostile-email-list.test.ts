import { describe, expect, it } from "vitest";
import { parseEmailList } from "@/lib/segments/parse-email-list";
import { parseSegmentFilterOrThrow } from "@/lib/segments/parse-segment-filter";

describe("pasted email lists with markup and runaway entries", () => {
  it("reports markup as the entry that was pasted, not as fragments of it", () => {
    const parsed = parseEmailList("ada@example.com\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>");
    expect(parsed.emails).toEqual(["ada@example.com"]);
    // A single bracketed entry is shown without its brackets, as "<not an email>" always was.
    expect(parsed.invalid).toEqual(["<script>alert(1)</script>", "img src=x onerror=alert(1)"]);
  });

  it("refuses an address longer than any deliverable one and shows it shortened", () => {
    const long = `${"a".repeat(100_000)}@example.com`;
    const parsed = parseEmailList(`ada@example.com, ${long}`);
    expect(parsed.emails).toEqual(["ada@example.com"]);
    expect(parsed.invalid).toEqual([`${"a".repeat(59)}…`]);
  });

  it("has the server refuse the same address with a readable message when a client skips the parser", () => {
    const long = `${"a".repeat(100_000)}@example.com`;
    expect(() => parseSegmentFilterOrThrow({ type: "backersWithEmails", emails: [long] })).toThrow(
      `Backers with emails: "${"a".repeat(59)}…" is longer than any email address (at most 254 characters)`,
    );
  });
});
