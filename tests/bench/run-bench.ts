// `npm run bench [-- --backers N] [--only a,b] [--json] [--cpu-profile DIR]`: seeds (or reuses) a database of N
// backers and measures every scenario in tests/bench/scenarios against its plain baseline.
// Progress goes to stderr; stdout carries the table, or with --json one JSON object as the last line.
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import type { BenchContext, BenchScenario } from "./bench-scenario";
import type { MeasureInput, MeasureResult } from "./measure-scenario";
import { prepareBenchDatabase } from "./prepare-bench-database";
import { BENCH_PROJECT_NAME } from "./seed-bench-database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SCENARIO_DIR = path.join(import.meta.dirname, "scenarios");

export type ScenarioFigures = {
  name: string;
  medianMs: number;
  baselineMs: number;
  ratio: number;
  peakRssMb: number;
  /** Product and baseline were checked to produce the same rows after every iteration. */
  rowsCompared: boolean;
  /** What the baseline leaves out, when it cannot do all of the work (its time is then a lower bound). */
  baselineLowerBound: string | null;
};

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      backers: { type: "string", default: "250000" },
      only: { type: "string" },
      json: { type: "boolean", default: false },
      "cpu-profile": { type: "string" },
      help: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write("Usage: npm run bench -- [--backers N] [--only name,name] [--json] [--cpu-profile DIR]\n");
    process.exit(0);
  }
  const backers = Number(values.backers);
  if (!Number.isSafeInteger(backers) || backers < 1 || backers > 1_000_000) {
    throw new Error(`--backers must be a whole number from 1 to 1000000, got "${values.backers}".`);
  }
  const only = values.only?.split(",").map((s) => s.trim()).filter(Boolean);
  const cpuProfile = values["cpu-profile"] ? path.resolve(values["cpu-profile"]) : undefined;
  return { backers, only, json: values.json, cpuProfile };
}

async function loadScenarios(only: string[] | undefined): Promise<{ file: string; scenario: BenchScenario }[]> {
  const files = (await readdir(SCENARIO_DIR)).filter((f) => /\.tsx?$/.test(f)).sort();
  const loaded: { file: string; scenario: BenchScenario }[] = [];
  for (const name of files) {
    const file = path.join(SCENARIO_DIR, name);
    const scenario = (await import(pathToFileURL(file).href)).default as BenchScenario | undefined;
    if (!scenario?.name || typeof scenario.run !== "function" || typeof scenario.baseline !== "function") {
      throw new Error(`tests/bench/scenarios/${name} must default-export defineScenario({ name, run, baseline }).`);
    }
    loaded.push({ file, scenario });
  }
  const names = loaded.map((s) => s.scenario.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`Two scenarios are named "${duplicate}"; names must be unique.`);
  if (!only) return loaded;
  const unknown = only.filter((n) => !names.includes(n));
  if (unknown.length) throw new Error(`Unknown scenario ${unknown.map((n) => `"${n}"`).join(", ")}. Available: ${names.join(", ")}.`);
  return loaded.filter((s) => only.includes(s.scenario.name));
}

/** Runs one scenario's measurements in a fresh process (see measure-scenario.ts for why). */
function measureInChild(inputFile: string, env: NodeJS.ProcessEnv): Promise<MeasureResult> {
  return new Promise((resolve, reject) => {
    const tsx = path.join(ROOT, "node_modules/.bin/tsx");
    const child = spawn(
      tsx,
      ["--import", "./lib/node/allow-server-only.mjs", path.join(import.meta.dirname, "measure-scenario.ts"), inputFile],
      { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`the measuring process exited with code ${code}`));
      try {
        resolve(JSON.parse(last) as MeasureResult);
      } catch {
        reject(new Error(`the measuring process printed no result (last line: ${last.slice(0, 200)})`));
      }
    });
  });
}

function printTable(backers: number, figures: ScenarioFigures[], descriptions: Map<string, string>) {
  const header = ["scenario", "median ms", "baseline ms", "ratio", "peak RSS MB", "baseline", "what"];
  const rows = figures.map((f) => [
    f.name,
    f.medianMs.toFixed(1),
    f.baselineMs.toFixed(1),
    f.ratio.toFixed(2),
    f.peakRssMb.toFixed(0),
    [f.rowsCompared ? "same rows" : "rows not compared", f.baselineLowerBound ? `lower bound (leaves out ${f.baselineLowerBound})` : ""].filter(Boolean).join("; "),
    descriptions.get(f.name) ?? "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i > 0 && i < 5 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
  process.stdout.write(`\nBenchmarks at ${backers.toLocaleString("en-US")} backers\n\n`);
  process.stdout.write(`${line(header)}\n${line(widths.map((w) => "-".repeat(w)))}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
  process.stdout.write(
    "\nmedian of timed runs after warm-up, product and baseline alternating; ratio = median / baseline; peak RSS of the process running the scenario (product path)\n" +
      "same rows: product and baseline produced the same rows after every iteration; a lower-bound baseline does less than the product, so its ratio overstates the overhead\n",
  );
}

async function main() {
  const options = parseOptions();
  const scenarios = await loadScenarios(options.only);
  const database = await prepareBenchDatabase(options.backers, log);
  const workDir = await mkdtemp(path.join(os.tmpdir(), "pledgehouse-bench-"));
  try {
    // Scenario modules import lib/db, which reads DATABASE_URL when first used.
    process.env.DATABASE_URL = database.url;
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ id: string }>(`SELECT id::text FROM project WHERE name = $1 LIMIT 1`, [BENCH_PROJECT_NAME]);
    await client.end();
    if (!rows[0]) throw new Error(`The benchmark database has no project named "${BENCH_PROJECT_NAME}".`);
    const context: BenchContext = { databaseUrl: database.url, backers: options.backers, projectId: rows[0].id, workDir };

    const figures: ScenarioFigures[] = [];
    for (const { file, scenario } of scenarios) {
      log(`${scenario.name}: setting up`);
      const state = scenario.setup ? await scenario.setup(context) : undefined;
      const inputFile = path.join(workDir, `${scenario.name}.json`);
      const input: MeasureInput = { file, context, state, cpuProfileDir: options.cpuProfile };
      await writeFile(inputFile, JSON.stringify(input));
      log(`${scenario.name}: measuring`);
      const result = await measureInChild(inputFile, { ...process.env, DATABASE_URL: database.url });
      const medianMs = median(result.runMs);
      const baselineMs = median(result.baselineMs);
      figures.push({
        name: scenario.name,
        medianMs: round(medianMs),
        baselineMs: round(baselineMs),
        ratio: round(medianMs / baselineMs, 2),
        peakRssMb: round(result.peakRssMb),
        rowsCompared: result.rowsCompared,
        baselineLowerBound: scenario.lowerBound ?? null,
      });
      log(`${scenario.name}: runs ${result.runMs.map((t) => t.toFixed(1)).join(", ")} ms; baseline ${result.baselineMs.map((t) => t.toFixed(1)).join(", ")} ms`);
    }

    if (options.json) process.stdout.write(`${JSON.stringify({ backers: options.backers, scenarios: figures })}\n`);
    else printTable(options.backers, figures, new Map(scenarios.map((s) => [s.scenario.name, s.scenario.description])));
  } finally {
    await rm(workDir, { recursive: true, force: true });
    await database.release();
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
