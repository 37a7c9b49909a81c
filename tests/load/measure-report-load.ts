import autocannon, { type AutocannonClient } from "autocannon";
import { summarizeLatencies, type LatencySample, type LatencySummary } from "./summarize-latencies";

export type ReportLoadOptions<T> = {
  baseUrl: string;
  /** One Cookie header per signed-in creator; connection i browses as creator i (round robin). */
  cookies: string[];
  /** Report paths; each connection walks the whole list from its own starting point. */
  urls: string[];
  connections: number;
  /** The load runs at least this long, and until `alongside` has settled. */
  durationSeconds: number;
  /** A request without an answer after this long counts as a timeout (autocannon resets its connection). */
  timeoutSeconds?: number;
  /** Work started together with the load (the tracking upload), e.g. to measure the report while it runs. */
  alongside?: () => Promise<T>;
};

export type ReportLoadFigures = LatencySummary & {
  seconds: number;
  requestsPerSecond: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** 2xx answers that were not the backer report (an error page or a sign-in page served with 200). */
  mismatches: number;
  statusCodes: Record<string, number>;
  /** Median size of a 2xx report answer as received (uncompressed HTML with its headers), bytes. */
  pageBytesMedian: number;
};

export type ReportLoadRun<T> = {
  figures: ReportLoadFigures;
  samples: LatencySample[];
  /** When the load started and stopped (ms since the epoch). */
  startedAt: number;
  stoppedAt: number;
  alongside?: { value: T; startedAt: number; finishedAt: number } | { error: unknown; startedAt: number; finishedAt: number };
};

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Longest the load may be stretched while waiting for `alongside`, so a hung upload cannot hang the run. */
const MAX_EXTRA_SECONDS = 15 * 60;

/**
 * Drives the backer report with `connections` keep-alive connections for a bounded time with
 * autocannon, each connection signed in as its own creator and asking for a different report
 * view on every request, and measures every answer's latency and status. A response only counts
 * as correct when its body is the backer report.
 */
export function measureReportLoad<T>(options: ReportLoadOptions<T>): Promise<ReportLoadRun<T>> {
  const { baseUrl, cookies, urls, connections, durationSeconds } = options;
  if (cookies.length === 0 || urls.length === 0) throw new Error("measureReportLoad needs at least one cookie and one URL.");
  const samples: LatencySample[] = [];
  const pageBytes: number[] = [];
  let clientIndex = 0;
  const setupClient = (client: AutocannonClient) => {
    const index = clientIndex++;
    const cookie = cookies[index % cookies.length];
    const offset = Math.floor((index * urls.length) / connections);
    const rotated = [...urls.slice(offset), ...urls.slice(0, offset)];
    client.setRequests(rotated.map((path) => ({ method: "GET", path, headers: { cookie, accept: "text/html" } })));
  };

  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    let alongside: ReportLoadRun<T>["alongside"];
    const instance = autocannon(
      {
        url: baseUrl,
        connections,
        duration: durationSeconds + (options.alongside ? MAX_EXTRA_SECONDS : 0),
        timeout: options.timeoutSeconds ?? 10,
        setupClient,
        verifyBody: (body) => body.includes("Backer report"),
      },
      (error, result) => {
        if (error) return reject(error);
        const stoppedAt = Date.now();
        const summary = summarizeLatencies(samples);
        const seconds = (stoppedAt - startedAt) / 1000;
        resolve({
          figures: {
            ...summary,
            seconds: Math.round(seconds * 10) / 10,
            requestsPerSecond: Math.round((summary.requests / seconds) * 10) / 10,
            errors: result.errors,
            timeouts: result.timeouts,
            mismatches: result.mismatches,
            statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)])),
            pageBytesMedian: median(pageBytes),
          },
          samples,
          startedAt,
          stoppedAt,
          alongside,
        });
      },
    );
    instance.on("response", (_client, statusCode, bytes, responseTime) => {
      samples.push({ at: Date.now(), ms: responseTime, status: statusCode });
      if (statusCode >= 200 && statusCode < 300) pageBytes.push(bytes);
    });

    let durationOver = false;
    let alongsideSettled = !options.alongside;
    const stopWhenBothDone = () => {
      if (durationOver && alongsideSettled) instance.stop();
    };
    setTimeout(() => {
      durationOver = true;
      stopWhenBothDone();
    }, durationSeconds * 1000);
    if (options.alongside) {
      const taskStarted = Date.now();
      options
        .alongside()
        .then(
          (value) => (alongside = { value, startedAt: taskStarted, finishedAt: Date.now() }),
          (error: unknown) => (alongside = { error, startedAt: taskStarted, finishedAt: Date.now() }),
        )
        .finally(() => {
          alongsideSettled = true;
          stopWhenBothDone();
        });
    }
  });
}
