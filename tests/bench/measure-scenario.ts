// Child-process entry: measures one scenario and prints one JSON line. A process per scenario
// makes the peak RSS the scenario's own (maxRSS is a process-lifetime high-water mark, and
// sampling RSS on a timer misses peaks while synchronous work blocks the event loop).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
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
  /** Write a CPU profile of the timed product runs here (`--cpu-profile`), for Chrome DevTools or speedscope. */
  cpuProfileDir?: string;
};
export type MeasureResult = { name: string; runMs: number[]; baselineMs: number[]; peakRssMb: number };

async function timeIterations(
  scenario: BenchScenario,
  fn: (context: BenchContext, state: unknown) => Promise<void>,
  input: MeasureInput,
): Promise<number[]> {
  const warmups = scenario.warmups ?? 2;
  const runs = scenario.runs ?? 7;
  const times: number[] = [];
  for (let i = 0; i < warmups + runs; i++) {
    await scenario.reset?.(input.context, input.state);
    collectGarbage();
    const start = performance.now();
    await fn(input.context, input.state);
    const elapsed = performance.now() - start;
    if (i >= warmups) times.push(elapsed);
  }
  return times;
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
      session.disconnect();
      process.stderr.write(`[bench] CPU profile written to ${file}\n`);
    },
  };
}

async function main() {
  const input = JSON.parse(await readFile(process.argv[2], "utf8")) as MeasureInput;
  const scenario = (await import(pathToFileURL(input.file).href)).default as BenchScenario;
  const profiler = input.cpuProfileDir ? await startCpuProfile() : null;
  const runMs = await timeIterations(scenario, scenario.run, input);
  if (profiler) await profiler.stop(path.join(input.cpuProfileDir!, `${scenario.name}.cpuprofile`));
  // Read before the baseline runs, so the figure is the product path's alone (module loading
  // included, which every real process pays too). resourceUsage reports kilobytes.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const baselineMs = await timeIterations(scenario, scenario.baseline, input);
  const result: MeasureResult = { name: scenario.name, runMs, baselineMs, peakRssMb };
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
  // Open pools (Prisma, pg) would keep the process alive.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
