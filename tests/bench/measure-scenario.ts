// Child-process entry: measures one scenario and prints one JSON line. A process per scenario
// makes the peak RSS the scenario's own (maxRSS is a process-lifetime high-water mark, and
// sampling RSS on a timer misses peaks while synchronous work blocks the event loop).
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import pg from "pg";
import type { BenchContext, BenchScenario } from "./bench-scenario";

// Each iteration starts from a collected heap, untimed, as a request does in a server at rest:
// without it the peak RSS of the later iterations includes the earlier ones' garbage, which V8
// has no reason to collect while the heap limit is far away.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

export type MeasureInput = {
  file: string;
  context: BenchContext;
  state: unknown;
  /** Write a CPU profile of the scenario's runs (product and baseline alternate) here (`--cpu-profile`), for Chrome DevTools or speedscope. */
  cpuProfileDir?: string;
};
export type MeasureResult = {
  name: string;
  runMs: number[];
  baselineMs: number[];
  peakRssMb: number;
  /** The scenario's outcome was compared after every product and baseline iteration (and matched). */
  rowsCompared: boolean;
};

async function timeOnce(
  scenario: BenchScenario,
  fn: (context: BenchContext, state: unknown) => Promise<void>,
  input: MeasureInput,
): Promise<number> {
  await scenario.reset?.(input.context, input.state);
  collectGarbage();
  // With --cpu-profile, what each iteration cost besides its time (read outside the timed part).
  const profiling = Boolean(input.cpuProfileDir);
  const cpuBefore = process.cpuUsage();
  const postgresBefore = profiling ? postgresCpuMs() : 0;
  const commitsBefore = profiling ? await commitCount(input.context.databaseUrl) : 0;
  const startUs = process.hrtime.bigint() / 1000n;
  const start = performance.now();
  await fn(input.context, input.state);
  const ms = performance.now() - start;
  const endUs = process.hrtime.bigint() / 1000n;
  if (profiling) {
    const cpu = process.cpuUsage(cpuBefore);
    profileWindows.push({
      part: fn === scenario.run ? "product" : "baseline",
      // The profiler's clock (monotonic microseconds), so a profile's samples can be told apart.
      startUs: Number(startUs),
      endUs: Number(endUs),
      cpuMs: (cpu.user + cpu.system) / 1000,
      postgresCpuMs: postgresCpuMs() - postgresBefore,
      commits: (await commitCount(input.context.databaseUrl)) - commitsBefore,
    });
  }
  return ms;
}

/**
 * With --cpu-profile, written next to the profile as `<scenario>.windows.json`: when each product
 * and baseline iteration ran, the CPU time of this process (every thread: an SMTP peer in a worker
 * thread too) and of the embedded Postgres cluster, and the transactions committed. CPU time is
 * what a loaded machine does not inflate, unlike a sample's wall time.
 */
const profileWindows: { part: "product" | "baseline"; startUs: number; endUs: number; cpuMs: number; postgresCpuMs: number; commits: number }[] = [];

let statsClient: pg.Client | undefined;
/** Transactions committed in the benchmark database so far (statistics lag up to a second behind). */
async function commitCount(databaseUrl: string): Promise<number> {
  if (!statsClient) {
    statsClient = new pg.Client({ connectionString: databaseUrl });
    await statsClient.connect();
  }
  await statsClient.query("SELECT pg_stat_clear_snapshot()");
  const { rows } = await statsClient.query<{ n: string }>("SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()");
  return Number(rows[0].n);
}

/** CPU time of the embedded cluster (postmaster, its live backends and its reaped ones), from /proc; 0 elsewhere. */
function postgresCpuMs(): number {
  try {
    const dataDir = path.resolve(import.meta.dirname, "../../.data/bench-postgres");
    const postmaster = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    const ticks = (pid: number | string, withChildren: boolean) => {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      // Fields after the command: state is [0], so utime=[11], stime=[12], cutime=[13], cstime=[14], ppid=[1].
      return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0) };
    };
    let total = ticks(postmaster, true).ticks;
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = ticks(pid, false);
        if (stat.ppid === postmaster) total += stat.ticks;
      } catch {
        // Gone meanwhile.
      }
    }
    return total * 10; // USER_HZ is 100 on Linux.
  } catch {
    return 0;
  }
}

/**
 * Product and baseline iterations alternate (A B A B …), so a machine that speeds up or slows down
 * during the scenario moves both medians alike and the ratio holds. After each, the scenario's
 * outcome (when it has one) must be the same for both.
 */
async function timeInterleaved(scenario: BenchScenario, input: MeasureInput, onProductWarm: () => void) {
  const warmups = scenario.warmups ?? 2;
  const runs = scenario.runs ?? 7;
  for (let i = 0; i < warmups; i++) await timeOnce(scenario, scenario.run, input);
  if (warmups > 0) onProductWarm();
  for (let i = 0; i < warmups; i++) await timeOnce(scenario, scenario.baseline, input);
  const runMs: number[] = [];
  const baselineMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    runMs.push(await timeOnce(scenario, scenario.run, input));
    // Without warm-ups the product's peak is read after its first timed run (before any baseline
    // runs), not before it has run at all.
    if (warmups === 0 && i === 0) onProductWarm();
    const productOutcome = scenario.outcome ? JSON.stringify(await scenario.outcome(input.context, input.state)) : null;
    baselineMs.push(await timeOnce(scenario, scenario.baseline, input));
    const baselineOutcome = scenario.outcome ? JSON.stringify(await scenario.outcome(input.context, input.state)) : null;
    if (productOutcome !== baselineOutcome) {
      throw new Error(`${scenario.name}: the baseline did not produce the product's rows.\n  product:  ${productOutcome}\n  baseline: ${baselineOutcome}`);
    }
  }
  return { runMs, baselineMs };
}

/**
 * The inspector's sampling profiler, in process: `--cpu-prof` cannot be passed through NODE_OPTIONS,
 * and tsx starts the measuring process itself. Profiling slows the runs (their times are still reported).
 */
async function startCpuProfile() {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  await session.post("Profiler.start");
  return {
    async stop(file: string) {
      const { profile } = await session.post("Profiler.stop");
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(profile));
      await writeFile(file.replace(/\.cpuprofile$/, ".windows.json"), JSON.stringify(profileWindows));
      session.disconnect();
      process.stderr.write(`[bench] CPU profile written to ${file}\n`);
    },
  };
}

async function main() {
  const input = JSON.parse(await readFile(process.argv[2], "utf8")) as MeasureInput;
  const scenario = (await import(pathToFileURL(input.file).href)).default as BenchScenario;
  const profiler = input.cpuProfileDir ? await startCpuProfile() : null;
  // Read once the product path has run (its warm-ups), before any baseline runs, so the figure is
  // the product path's alone (module loading included, which every real process pays too).
  // resourceUsage reports kilobytes.
  let peakRssMb = 0;
  const { runMs, baselineMs } = await timeInterleaved(scenario, input, () => {
    peakRssMb = process.resourceUsage().maxRSS / 1024;
  });
  if (profiler) await profiler.stop(path.join(input.cpuProfileDir!, `${scenario.name}.cpuprofile`));
  const result: MeasureResult = { name: scenario.name, runMs, baselineMs, peakRssMb, rowsCompared: Boolean(scenario.outcome) };
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
  // Open pools (Prisma, pg) would keep the process alive.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
