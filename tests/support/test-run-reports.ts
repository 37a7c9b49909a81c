import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { isExpectedSkip } from "./expected-skips";
import type { RunSummary } from "./run-summary-reporter";

/** Reads the reports vitest and Playwright write for `tests/run-all.ts` and decides what counts as failed. */

export type NotRun = { file: string; name: string };
export type Counts = {
  passed: number;
  /** Passed only after a retry: counted in `passed` and named in the closing line. */
  flaky: number;
  failed: number;
  skipped: number;
  /** Why the stage failed even when no test did (unhandled errors, unexpected skips, success: false). */
  problems: string[];
};

export async function vitestCounts(file: string, summaryFile: string): Promise<Counts | undefined> {
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(await readFile(file, "utf8")) as {
    success: boolean;
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  const problems: string[] = [];
  if (!report.success) problems.push("vitest reported success: false");
  if (!existsSync(summaryFile)) {
    problems.push("vitest ended without writing its run summary");
  } else {
    const summary = JSON.parse(await readFile(summaryFile, "utf8")) as RunSummary;
    if (summary.reason !== "passed") problems.push(`vitest ended the run as "${summary.reason}"`);
    for (const message of summary.unhandledErrors) problems.push(`unhandled error: ${message}`);
    problems.push(...unexpectedSkips(summary.notRun));
  }
  return {
    passed: report.numPassedTests,
    flaky: 0,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
    problems,
  };
}

function unexpectedSkips(notRun: NotRun[]): string[] {
  return notRun.filter((test) => !isExpectedSkip(test)).map((test) => `not run and not expected to be skipped: ${test.file} › ${test.name}`);
}

type PlaywrightSuite = {
  title: string;
  suites?: PlaywrightSuite[];
  specs?: { title: string; file: string; tests: { status: "expected" | "unexpected" | "flaky" | "skipped" }[] }[];
};

/** Skipped Playwright tests; the report's top-level suites are files, nested ones are `describe` blocks. */
function skippedSpecs(suites: PlaywrightSuite[] | undefined, describes: string[] | undefined = undefined): NotRun[] {
  const found: NotRun[] = [];
  for (const suite of suites ?? []) {
    const titles = describes ? [...describes, suite.title] : [];
    for (const spec of suite.specs ?? []) {
      if (spec.tests.some((test) => test.status === "skipped")) {
        found.push({ file: path.join("tests/e2e", spec.file), name: [...titles, spec.title].join(" › ") });
      }
    }
    found.push(...skippedSpecs(suite.suites, titles));
  }
  return found;
}

export async function playwrightCounts(file: string): Promise<Counts | undefined> {
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(await readFile(file, "utf8")) as {
    suites: PlaywrightSuite[];
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    errors: { message?: string }[];
  };
  return {
    passed: report.stats.expected + report.stats.flaky,
    flaky: report.stats.flaky,
    failed: report.stats.unexpected,
    skipped: report.stats.skipped,
    problems: [
      ...report.errors.map((error) => `Playwright error outside a test: ${error.message ?? "(no message)"}`),
      ...unexpectedSkips(skippedSpecs(report.suites)),
    ],
  };
}

/** The closing line CI shows: a pass that needed a retry is a pass, but never a silent one. */
export function closingLine(totals: { passed: number; flaky: number; failed: number; skipped: number }): string {
  const retried = totals.flaky ? ` (${totals.flaky} only on retry)` : "";
  return `Tests: ${totals.passed} passed${retried}, ${totals.failed} failed, ${totals.skipped} skipped`;
}
