import { describe, expect, it } from "vitest";
import { chooseReturnPath } from "@/lib/auth/choose-return-path";
import { safeReturnPath } from "@/lib/auth/safe-return-path";
import { SignInSchema } from "@/lib/auth/sign-in-schema";

/** What a browser does with a Location header: the origin it lands on. */
const landsOn = (location: string) => new URL(location, "https://pledgehouse.example/sign-in").origin;

// Values whose raw form passes a "starts with one slash" check but whose normalised path (dot
// segments resolved) begins with two: redirected to as is, they leave the site.
const DOT_SEGMENT_ESCAPES = [
  "/.//evil.example",
  "/pledges/..//evil.example",
  "/./%2e//evil.example",
  "/a/b/../..//evil.example/x?y=1",
  "/%2e%2e//evil.example",
  "/.%2e//evil.example",
];

describe("the return path after sign-in (?next=)", () => {
  it("never resolves to another site, whatever dot segments it holds", () => {
    for (const hostile of DOT_SEGMENT_ESCAPES) {
      const path = safeReturnPath(hostile);
      if (path !== null) expect(landsOn(path), `${hostile} → ${path}`).toBe("https://pledgehouse.example");
      expect(path === null || (path.startsWith("/") && !path.startsWith("//")), `${hostile} → ${path}`).toBe(true);
    }
  });

  it("is refused at the sign-in form's schema and in the guard's header alike", () => {
    const scope = "/pledges";
    for (const hostile of DOT_SEGMENT_ESCAPES) {
      const parsed = SignInSchema.safeParse({ email: "ada@example.com", next: hostile });
      if (parsed.success && parsed.data.next !== undefined) expect(landsOn(parsed.data.next), hostile).toBe("https://pledgehouse.example");
      expect(landsOn(chooseReturnPath(hostile, scope)), hostile).toBe("https://pledgehouse.example");
    }
  });

  it("still returns to ordinary pages with their query", () => {
    expect(safeReturnPath("/projects/abc/backers?status=ERRORED")).toBe("/projects/abc/backers?status=ERRORED");
    expect(safeReturnPath("/pledges/./abc")).toBe("/pledges/abc");
  });
});
