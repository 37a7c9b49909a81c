import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closingLine, playwrightCounts } from "@/tests/support/test-run-reports";

const scratch = await mkdtemp(path.join(os.tmpdir(), "test-run-reports-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** A Playwright JSON report as `--reporter=json` writes it: file suites, describe suites, specs, tests. */
function playwrightReport(statuses: Record<string, "expected" | "unexpected" | "flaky" | "skipped">) {
  const specs = Object.entries(statuses).map(([title, status]) => ({
    title,
    file: "sign-in.spec.ts",
    tests: [{ status, projectName: "chromium", results: [] }],
  }));
  const count = (status: string) => Object.values(statuses).filter((s) => s === status).length;
  return {
    config: {},
    suites: [{ title: "sign-in.spec.ts", file: "sign-in.spec.ts", specs: [], suites: [{ title: "sign-in", file: "sign-in.spec.ts", specs }] }],
    errors: [],
    stats: { expected: count("expected"), unexpected: count("unexpected"), flaky: count("flaky"), skipped: count("skipped") },
  };
}

async function countsOf(report: unknown) {
  const file = path.join(scratch, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(report));
  return (await playwrightCounts(file))!;
}

describe("the closing line of npm test", () => {
  it("names the passes that needed a retry", async () => {
    const counts = await countsOf(playwrightReport({ "a creator signs in": "expected", "a backer signs in": "flaky" }));
    expect(closingLine(counts)).toBe("Tests: 2 passed (1 only on retry), 0 failed, 0 skipped");
    expect(counts.problems).toEqual([]);
  });

  it("says nothing of retries when every test passed the first time", async () => {
    const counts = await countsOf(playwrightReport({ "a creator signs in": "expected" }));
    expect(closingLine(counts)).toBe("Tests: 1 passed, 0 failed, 0 skipped");
  });

  it("treats a skipped e2e test nobody expected as a problem, naming it", async () => {
    const counts = await countsOf(playwrightReport({ "a creator signs in": "expected", "a backer signs in": "skipped" }));
    expect(counts.problems).toEqual(["not run and not expected to be skipped: tests/e2e/sign-in.spec.ts › sign-in › a backer signs in"]);
  });
});
