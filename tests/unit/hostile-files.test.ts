import { describe, expect, it } from "vitest";
import { countHostileFilesByTarget, HOSTILE_FILES, HOSTILE_TARGETS } from "../support/hostile-files";

describe("the hostile file catalogue", () => {
  it("holds at least 40 files, spread over every target, with unique ids", () => {
    const counts = countHostileFilesByTarget();
    expect(HOSTILE_FILES.length).toBeGreaterThanOrEqual(40);
    for (const target of HOSTILE_TARGETS) expect(counts[target], target).toBeGreaterThanOrEqual(5);
    expect(new Set(HOSTILE_FILES.map((file) => file.id)).size).toBe(HOSTILE_FILES.length);
  });
});
