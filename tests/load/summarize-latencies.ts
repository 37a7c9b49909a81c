/** One answered report request: when it finished (ms since the epoch), how long it took, its status. */
export type LatencySample = { at: number; ms: number; status: number };

export type LatencySummary = {
  requests: number;
  non2xx: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  // Nearest rank: the smallest value with at least p% of the samples at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Percentiles of the samples that finished in [from, to] (ms since the epoch), rounded to 0.1 ms. */
export function summarizeLatencies(samples: readonly LatencySample[], from = -Infinity, to = Infinity): LatencySummary {
  const chosen = samples.filter((s) => s.at >= from && s.at <= to);
  const sorted = chosen.map((s) => s.ms).sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: chosen.length,
    non2xx: chosen.filter((s) => s.status < 200 || s.status >= 300).length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? 0),
  };
}
