/**
 * Cooperative time slicing for long synchronous work in a web process (a 250,000-row upload's
 * parsing, matching or email preparation): `due()` is cheap enough to call per row, and
 * `giveWay()` lets other requests run before the work goes on. Without it one creator's bulk
 * action stalls every other creator's pages for seconds.
 */
export type TimeSlicer = {
  /** True once the current slice has run for `sliceMs`. */
  due(): boolean;
  /** Yields to the event loop (timers, I/O, other requests) and starts a new slice. */
  giveWay(): Promise<void>;
};

export function createTimeSlicer(sliceMs = 15): TimeSlicer {
  let sliceStart = performance.now();
  return {
    due: () => performance.now() - sliceStart > sliceMs,
    giveWay: async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    },
  };
}
