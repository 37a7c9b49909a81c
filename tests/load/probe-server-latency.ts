import { summarizeLatencies, type LatencySample, type LatencySummary } from "./summarize-latencies";

export type LatencyProbe = { stop: () => Promise<LatencySummary & { samples: LatencySample[] }> };

/**
 * Asks the server for a static file (no database, no rendering) every `intervalMs`, one request
 * at a time, and records how long each answer takes. The web process answers those on the same
 * event loop as everything else, so a slow answer here means the process itself was busy (CPU-bound
 * work, a blocked event loop), not the database.
 */
export function probeServerLatency(url: string, intervalMs = 500): LatencyProbe {
  const samples: LatencySample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      let status = 0;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        // A probe that got no answer is recorded with status 0.
      }
      samples.push({ at: Date.now(), ms: performance.now() - started, status });
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { ...summarizeLatencies(samples), samples };
    },
  };
}
