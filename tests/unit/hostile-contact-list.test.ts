import { describe, expect, it } from "vitest";
import { parseContactListFile } from "@/lib/contact-lists/parse-contact-list-file";

describe("a contact list with 50,000 columns and none for email", () => {
  it("names the first columns and counts the rest instead of listing 50,000", () => {
    const header = Array.from({ length: 50_000 }, (_, i) => `Column ${i + 1}`).join(",");
    const parsed = parseContactListFile(new TextEncoder().encode(`${header}\n`), "wide.csv");
    expect(parsed.ok).toBe(false);
    const message = parsed.problems.find((problem) => problem.severity === "error")!.message;
    expect(message).toBe(
      "wide.csv has no email column (its columns are “Column 1”, “Column 2”, “Column 3”, “Column 4”, “Column 5”, “Column 6”, “Column 7”, “Column 8” and 49,992 more).",
    );
  });
});
