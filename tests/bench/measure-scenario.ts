// Child-process entry: measures one scenario and prints one JSON line. A process per scenario
// makes the peak RSS the scenario's own (maxRSS is a process-lifetime high-water mark, and
// sampling RSS on a timer misses peaks while synchronous work blocks the event loop).
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import type { BenchContext, BenchScenario } from "./bench-scenario";

// Each iteration starts from a collected heap, untimed, as a request does in a server at rest:
// without it the peak RSS of the later iterations includes the earlier ones' garbage, which V8
// has no reason to collect while the heap limit is far away.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

export type MeasureInput = { file: string; context: BenchContext; state: unknown };
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

async function main() {
  const input = JSON.parse(await readFile(process.argv[2], "utf8")) as MeasureInput;
  const scenario = (await import(pathToFileURL(input.file).href)).default as BenchScenario;
  const runMs = await timeIterations(scenario, scenario.run, input);
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
