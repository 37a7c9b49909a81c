import { createInflateRaw, inflateRawSync } from "node:zlib";

/**
 * How many bytes an upload may still unpack, shared by every archive (and every entry) in it, so
 * twenty small ZIPs cannot each spend the whole allowance. Create one per upload; a workbook
 * reader (an .xlsx is a ZIP) spends from it the same way.
 */
export type InflateBudget = {
  /** The total this upload may unpack. */
  readonly total: number;
  /** What is left of it; spent as entries are inflated. */
  remaining: number;
};

export function createInflateBudget(total: number): InflateBudget {
  return { total, remaining: total };
}

export type InflateLimits = {
  /** The size the archive declares for this entry (use `Infinity` when it declares none). */
  declaredSize: number;
  /** Most bytes one entry may unpack to. */
  maxEntryBytes: number;
  budget: InflateBudget;
};

export type InflateOutcome =
  | { ok: true; bytes: Uint8Array }
  /** `entry`: the entry passed its own limit; `total`: the upload's budget; `declared`: more than the archive said (a lying bomb); `corrupt`: not deflate data. */
  | { ok: false; reason: "entry" | "total" | "declared" | "corrupt" };

/** A raw-deflate stream (a ZIP entry's data) and the limits it is inflated under. */
export type InflateRequest = { compressed: Uint8Array; limits: InflateLimits };

/** Output per round trip to the thread pool: large enough to be quick, small enough to stop a bomb close to its limit. */
const INFLATE_CHUNK_BYTES = 256 * 1024;

/** A ZIP (without ZIP64) cannot declare an entry larger than this. */
const ZIP_SIZE_CAP = 0xffffffff;

const limitOf = ({ declaredSize, maxEntryBytes, budget }: InflateLimits) => Math.min(declaredSize, maxEntryBytes, budget.remaining);

function overLimit(limits: InflateLimits, produced: number): InflateOutcome {
  if (produced > limits.maxEntryBytes) return { ok: false, reason: "entry" };
  if (produced > limits.budget.remaining) return { ok: false, reason: "total" };
  return { ok: false, reason: "declared" };
}

/**
 * Inflates one raw-deflate stream on zlib's thread pool, counting what comes out and stopping the
 * moment it passes the entry's declared size, its own limit or what is left of the upload's budget:
 * a bomb costs at most the limit, never its full size, and the event loop keeps serving other
 * requests meanwhile. On success the budget is charged with the bytes produced.
 */
export function inflateWithinLimits({ compressed, limits }: InflateRequest): Promise<InflateOutcome> {
  const limit = limitOf(limits);
  return new Promise((resolve) => {
    const inflater = createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES });
    // Written into as chunks arrive (no zeroing, no final concatenation of a 100 MB entry, which
    // would itself hold the event loop); never larger than the limit, so a bomb cannot grow it.
    let output: Buffer | null = Buffer.allocUnsafe(Math.min(limit, ZIP_SIZE_CAP));
    let produced = 0;
    let settled = false;
    const settle = (outcome: InflateOutcome) => {
      if (settled) return;
      settled = true;
      if (!outcome.ok) output = null;
      resolve(outcome);
    };
    inflater.on("data", (chunk: Buffer) => {
      if (output === null) return;
      if (produced + chunk.length > output.length) {
        settle(overLimit(limits, produced + chunk.length));
        inflater.destroy();
        return;
      }
      chunk.copy(output, produced);
      produced += chunk.length;
    });
    inflater.on("error", () => settle({ ok: false, reason: "corrupt" }));
    inflater.on("end", () => {
      if (settled || output === null) return;
      limits.budget.remaining -= produced;
      settle({ ok: true, bytes: output.subarray(0, produced) });
    });
    inflater.end(compressed);
  });
}

/**
 * `inflateWithinLimits` in one blocking call, for pure callers and tests on small inputs: zlib
 * stops as soon as the output passes the limit, so it too never inflates a bomb in full.
 */
export function inflateWithinLimitsSync({ compressed, limits }: InflateRequest): InflateOutcome {
  const limit = limitOf(limits);
  let bytes: Buffer;
  try {
    bytes = inflateRawSync(compressed, { maxOutputLength: Math.max(1, limit + 1) });
  } catch (error) {
    if (error instanceof RangeError) return overLimit(limits, limit + 1);
    return { ok: false, reason: "corrupt" };
  }
  if (bytes.length > limit) return overLimit(limits, bytes.length);
  limits.budget.remaining -= bytes.length;
  return { ok: true, bytes };
}

/** Runs a job that asks for inflates (a ZIP reader) to the end, inflating each request in one blocking call. */
export function driveInflateSync<T>(steps: Generator<InflateRequest, T, InflateOutcome>): T {
  let next = steps.next();
  while (!next.done) next = steps.next(inflateWithinLimitsSync(next.value));
  return next.value;
}

/** Runs a job that asks for inflates, each on zlib's thread pool, so the event loop never waits on one. */
export async function driveInflate<T>(steps: Generator<InflateRequest, T, InflateOutcome>): Promise<T> {
  let next = steps.next();
  while (!next.done) next = steps.next(await inflateWithinLimits(next.value));
  return next.value;
}
