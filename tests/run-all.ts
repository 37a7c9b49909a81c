/**
 * `npm test`: the whole suite on a fresh machine. One Postgres server (embedded, or DATABASE_URL's)
 * serves every stage: vitest unit + integration tests, then the production build and the
 * Playwright e2e tests against a migrated, seeded database. Prints one closing line
 * "Tests: N passed (M only on retry), N failed, N skipped" and exits non-zero when anything failed:
 * a failing test, a stage's non-zero exit, vitest's `success: false`, an unhandled error, or a
 * skipped/todo test that `tests/support/expected-skips.ts` does not list.
 *
 *   npm test                      everything
 *   npm test -- --only unit,e2e   chosen stages (unit, integration, e2e, production)
 *   npm test -- --files fault-,authorization-matrix
 *                                 only test files whose path contains one of these fragments
 *                                 (handed to vitest and Playwright as their file filters)
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { applyMigrations } from "@/prisma/migrate";
import { acquireTestServer, recreateDatabase } from "./support/postgres-server";
import { closingLine, playwrightCounts, vitestCounts, type Counts } from "./support/test-run-reports";

type Stage = "unit" | "integration" | "e2e" | "production";
const ALL: Stage[] = ["unit", "integration", "e2e", "production"];

function parseStages(argv: string[]): Stage[] {
  const index = argv.indexOf("--only");
  if (index === -1) return ALL;
  const chosen = (argv[index + 1] ?? "").split(",").filter(Boolean);
  const unknown = chosen.filter((s) => !ALL.includes(s as Stage));
  if (unknown.length || chosen.length === 0) {
    console.error(`--only takes a comma-separated list of ${ALL.join(", ")}; got "${argv[index + 1] ?? ""}".`);
    process.exit(2);
  }
  return chosen as Stage[];
}

function parseFileFilters(argv: string[]): string[] {
  const index = argv.indexOf("--files");
  if (index === -1) return [];
  const fragments = (argv[index + 1] ?? "").split(",").filter(Boolean);
  if (fragments.length === 0) {
    console.error("--files takes a comma-separated list of file name fragments, such as fault-,hostile-.");
    process.exit(2);
  }
  return fragments;
}

type Env = Record<string, string | undefined>;

function run(command: string, args: string[], env: Env): Promise<number> {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: env as NodeJS.ProcessEnv });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on("error", (error) => {
      console.error(error);
      resolve(1);
    });
  });
}

const bin = (name: string) => path.resolve("node_modules/.bin", name);
// The runner's own test runs it nested, each run with its own reports folder.
const reports = path.resolve(process.env.PLEDGEHOUSE_REPORTS_DIR ?? ".data/tmp/reports");

/**
 * The production bundle as an operator runs it (tests/production/check-production-bundle.ts): a
 * copy of `.next/standalone` started with NODE_ENV=production under Node 24 where CI installed it.
 * It reuses the e2e stage's build; run alone, it builds first. With --files it runs only when a
 * fragment names it ("production").
 */
async function runProductionStage(serverUrl: string, baseEnv: Env, builtByE2e: boolean): Promise<{ counts: Counts; exitCode: number }> {
  if (!builtByE2e) {
    const { NODE_ENV: _nodeEnv, ...buildEnv } = baseEnv;
    const buildCode = await run("npm", ["run", "build"], buildEnv);
    if (buildCode !== 0) return { counts: { passed: 0, flaky: 0, failed: 1, skipped: 0, problems: [] }, exitCode: buildCode };
  }
  console.log("\n$ production bundle check (tests/production/check-production-bundle.ts)");
  const { checkProductionBundle } = await import("./production/check-production-bundle");
  const results = await checkProductionBundle({ serverUrl, port: Number(process.env.E2E_PORT ?? 3100) + 10 });
  const failed = results.filter((result) => !result.ok).length;
  return { counts: { passed: results.length - failed, flaky: 0, failed, skipped: 0, problems: [] }, exitCode: failed ? 1 : 0 };
}

async function main() {
  const stages = parseStages(process.argv.slice(2));
  const files = parseFileFilters(process.argv.slice(2));
  // With file filters some stage may hold no matching file; that is not a failure.
  const vitestFilters = files.length ? [...files, "--passWithNoTests"] : [];
  await rm(reports, { recursive: true, force: true });
  await mkdir(reports, { recursive: true });
  // Unit tests alone need no database.
  const server = stages.some((stage) => stage !== "unit") ? await acquireTestServer() : undefined;
  const baseEnv: Env = server ? { ...process.env, TEST_PG_SERVER_URL: server.serverUrl } : { ...process.env };
  const totals = { passed: 0, flaky: 0, failed: 0, skipped: 0 };
  const failures: string[] = [];
  const problems: string[] = [];
  const add = (stage: string, counts: Counts | undefined, exitCode: number) => {
    if (counts) {
      totals.passed += counts.passed;
      totals.flaky += counts.flaky;
      totals.failed += counts.failed;
      totals.skipped += counts.skipped;
      problems.push(...counts.problems.map((problem) => `${stage}: ${problem}`));
    } else {
      problems.push(`${stage}: no report was written`);
    }
    if (exitCode !== 0) problems.push(`${stage}: exited with code ${exitCode}`);
    if (exitCode !== 0 || !counts || counts.failed > 0 || counts.problems.length > 0) failures.push(stage);
  };

  try {
    const vitestProjects = stages.filter((s) => s === "unit" || s === "integration");
    if (vitestProjects.length) {
      const output = path.join(reports, "vitest.json");
      const summary = path.join(reports, "vitest-summary.json");
      const code = await run(
        bin("vitest"),
        [
          "run",
          ...vitestProjects.flatMap((p) => ["--project", p]),
          ...vitestFilters,
          "--reporter=default",
          "--reporter=json",
          "--reporter=./tests/support/run-summary-reporter.ts",
          `--outputFile.json=${output}`,
        ],
        { ...baseEnv, NODE_ENV: "test", PLEDGEHOUSE_RUN_SUMMARY: summary },
      );
      add(vitestProjects.join("+"), await vitestCounts(output, summary), code);
    }

    let builtByE2e = false;
    const e2eSpecs = (await readdir(path.resolve("tests/e2e"))).filter((name) => name.endsWith(".spec.ts"));
    const e2eMatches = files.length === 0 || e2eSpecs.some((name) => files.some((fragment) => `tests/e2e/${name}`.includes(fragment)));
    if (stages.includes("e2e") && !e2eMatches) console.log("\nNo e2e spec matches --files; the build and e2e stage are skipped.");
    if (stages.includes("e2e") && e2eMatches) {
      const databaseUrl = await recreateDatabase(server!.serverUrl, "pledgehouse_e2e");
      await applyMigrations(databaseUrl);
      const { seedDemo } = await import("@/prisma/seed");
      await seedDemo(databaseUrl, { backers: 300 });
      // next build/start set NODE_ENV themselves; SMTP_URL unset makes the app capture mail for the tests.
      const { NODE_ENV: _nodeEnv, SMTP_URL: _smtpUrl, ...inherited } = baseEnv;
      const e2eEnv: Env = {
        ...inherited,
        DATABASE_URL: databaseUrl,
        APP_URL: `http://localhost:${process.env.E2E_PORT ?? 3100}`,
        // Random per run: production refuses any secret written in the repository.
        AUTH_SECRET: randomBytes(32).toString("hex"),
        MAIL_FROM: "Pledgehouse <no-reply@pledgehouse.example>",
        // Allowed in production only because APP_URL is a loopback address.
        ENABLE_DEV_MAILBOX: "1",
        // The specs give each browser an address of its own in X-Forwarded-For, as one proxy would.
        TRUSTED_PROXY_HOPS: "1",
        MAIL_WORKER_IN_PROCESS: "1",
        INSECURE_COOKIES: "1",
      };
      const buildCode = await run("npm", ["run", "build"], e2eEnv);
      if (buildCode !== 0) {
        failures.push("build");
      } else {
        builtByE2e = true;
        const output = path.join(reports, "playwright.json");
        const code = await run(bin("playwright"), ["test", ...files, "--reporter=list,json"], {
          ...e2eEnv,
          PLAYWRIGHT_JSON_OUTPUT_NAME: output,
        });
        add("e2e", await playwrightCounts(output), code);
      }
    }

    const productionMatches = files.length === 0 || files.some((fragment) => "tests/production/check-production-bundle.ts".includes(fragment));
    if (server && stages.includes("production") && productionMatches && !failures.includes("build")) {
      const { counts, exitCode } = await runProductionStage(server.serverUrl, baseEnv, builtByE2e);
      add("production", counts, exitCode);
    }
  } finally {
    await server?.stop();
  }

  if (problems.length) console.log(`\n${problems.map((problem) => `✗ ${problem}`).join("\n")}`);
  console.log(`\nStages: ${stages.join(", ")}${failures.length ? ` — failed: ${failures.join(", ")}` : ""}`);
  console.log(closingLine(totals));
  process.exit(failures.length ? 1 : 0);
}

await main();
