import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Reporter, SerializedError, TestModule, TestRunEndReason } from "vitest/node";

/** What `tests/run-all.ts` needs beyond vitest's JSON report: unhandled errors and which tests did not run. */
export type RunSummary = {
  reason: TestRunEndReason;
  unhandledErrors: string[];
  notRun: { file: string; name: string; mode: string }[];
};

/**
 * Writes a `RunSummary` to the file named by `PLEDGEHOUSE_RUN_SUMMARY`. The JSON reporter's
 * `success` ignores unhandled errors (a rejected promise nobody awaited), so the runner reads them here.
 */
export default class RunSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason) {
    const output = process.env.PLEDGEHOUSE_RUN_SUMMARY;
    if (!output) return;
    const notRun: RunSummary["notRun"] = [];
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        if (test.result().state !== "skipped") continue;
        notRun.push({ file: path.relative(process.cwd(), testModule.moduleId), name: test.fullName, mode: test.options.mode });
      }
    }
    const summary: RunSummary = {
      reason,
      unhandledErrors: unhandledErrors.map((error) => error.message ?? String(error)),
      notRun,
    };
    writeFileSync(output, JSON.stringify(summary, null, 2));
  }
}
