import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
// The runner's own test points both projects at small probe files (a failing test, an unhandled
// rejection, a skipped test) that the normal globs never pick up.
const probes = process.env.PLEDGEHOUSE_RUNNER_PROBES === "1";
const include = (project: "unit" | "integration") =>
  probes ? [`tests/fixtures/runner-probes/${project}/**/*.probe.ts`] : [`tests/${project}/**/*.test.{ts,tsx}`];

const resolve = {
  alias: {
    "@": root,
    "server-only": path.join(root, "tests/support/empty-module.ts"),
  },
};

export default defineConfig({
  resolve,
  test: {
    projects: [
      {
        resolve,
        test: { name: "unit", include: include("unit"), environment: "node" },
      },
      {
        resolve,
        test: {
          name: "integration",
          include: include("integration"),
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/integration-setup.ts"],
          pool: "forks",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
