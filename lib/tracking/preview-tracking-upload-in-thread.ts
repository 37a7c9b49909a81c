import "server-only";
import { Worker } from "node:worker_threads";
import { env } from "@/lib/env";
import { DomainError, type DomainErrorCode } from "@/lib/errors";
import { previewTrackingUpload, type TrackingUploadInput } from "./preview-tracking-upload";
import type { TrackingUploadPreview } from "./tracking-upload-types";

/**
 * Where the thread's bundled file is (scripts/bundle-node-entry.ts): set by the production web
 * launcher (lib/server/run-web-server.ts), by `npm run dev` and by the integration tests' setup.
 */
export const TRACKING_PREVIEW_THREAD_ENV = "PLEDGEHOUSE_TRACKING_PREVIEW_THREAD";

/** The thread's database connections, as pg_stat_activity lists them. */
export const TRACKING_PREVIEW_APPLICATION_NAME = "pledgehouse tracking preview";

export type TrackingPreviewThreadData = { input: TrackingUploadInput; nice: number };

export type TrackingPreviewThreadMessage =
  | { kind: "started"; threadId: number | null }
  | { kind: "done"; preview: TrackingUploadPreview }
  | {
      kind: "failed";
      error:
        | { domain: true; code: DomainErrorCode; message: string; fieldErrors?: Record<string, string[]> }
        | { domain: false; message: string; stack?: string };
    };

export type PreviewInThreadOptions = {
  /** Ends the thread (and with it its database work) when the request is abandoned. */
  signal?: AbortSignal;
  /** Told the thread's kernel id (null without /proc) once it has lowered its priority. */
  onStarted?: (thread: { threadId: number | null }) => void;
};

/** How long a thread that answered may take to close its connection before it is ended. */
const EXIT_GRACE_MS = 30_000;

/**
 * `previewTrackingUpload` in a worker thread of its own, with its own database connection. A
 * 250,000-row preview is ~6 s of parsing and matching and as much again in its Postgres backend;
 * on the request thread, even sliced, that CPU competes at full priority with every page the web
 * process serves. In the thread it leaves the event loop free, and the thread and its backend run
 * at WORKER_NICE (as bulk work does in the worker process), so report requests come first when
 * the cores are busy. Same answer and same errors as the in-process call: DomainErrors keep their
 * code and message; anything else is rethrown as an Error with the thread's message and stack.
 */
export async function previewTrackingUploadInThread(input: TrackingUploadInput, options: PreviewInThreadOptions = {}): Promise<TrackingUploadPreview> {
  const release = await takePreviewThreadTurn(options.signal);
  try {
    return await runPreviewThread(input, options);
  } finally {
    release();
  }
}

/**
 * Large previews in threads at once. A 250,000-row preview holds about as much memory again as the
 * web process itself (its file, the backer index, its own Prisma client: the process peaked at
 * 591 MB with one), so several creators uploading large files at the same moment would multiply
 * that inside the process that serves every page; and on a small server the cores are the report's
 * anyway. Further previews wait their turn in order (the dialog keeps showing "Checking every row").
 */
export const TRACKING_PREVIEW_THREADS_AT_ONCE = 1;

const previewTurns = { running: 0, waiting: [] as (() => void)[] };

/**
 * Resolves with a release function once fewer than TRACKING_PREVIEW_THREADS_AT_ONCE previews run; a
 * preview whose request is abandoned while it waits leaves the line at once (its promise rejects
 * with the signal's reason) without ever starting a thread. A hand-written gate rather than p-limit:
 * a waiting task has to leave on its own abort signal, which p-limit does not offer.
 */
function takePreviewThreadTurn(signal: AbortSignal | undefined): Promise<() => void> {
  signal?.throwIfAborted();
  const release = () => {
    previewTurns.running--;
    previewTurns.waiting.shift()?.();
  };
  if (previewTurns.running < TRACKING_PREVIEW_THREADS_AT_ONCE) {
    previewTurns.running++;
    return Promise.resolve(release);
  }
  return new Promise((resolve, reject) => {
    const enter = () => {
      signal?.removeEventListener("abort", leave);
      previewTurns.running++;
      resolve(release);
    };
    const leave = () => {
      previewTurns.waiting.splice(previewTurns.waiting.indexOf(enter), 1);
      reject(signal!.reason);
    };
    previewTurns.waiting.push(enter);
    signal?.addEventListener("abort", leave, { once: true });
  });
}

function runPreviewThread(input: TrackingUploadInput, options: PreviewInThreadOptions): Promise<TrackingUploadPreview> {
  const file = process.env[TRACKING_PREVIEW_THREAD_ENV];
  if (!file) {
    return Promise.reject(
      new Error(`${TRACKING_PREVIEW_THREAD_ENV} is not set: start the web process with \`npm start\` (production) or \`npm run dev\`, which set it.`),
    );
  }
  options.signal?.throwIfAborted();
  const data: TrackingPreviewThreadData = { input, nice: env.WORKER_NICE };
  // The upload's bytes are copied to the thread (~5 ms for 15 MB), so the caller's stay usable.
  const worker = new Worker(file, {
    name: "tracking preview",
    workerData: data,
    env: { ...process.env, PGAPPNAME: TRACKING_PREVIEW_APPLICATION_NAME },
  });
  return new Promise<TrackingUploadPreview>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener("abort", abandon);
      outcome();
    };
    const abandon = () => {
      settle(() => reject(options.signal!.reason));
      void worker.terminate();
    };
    options.signal?.addEventListener("abort", abandon, { once: true });

    worker.on("message", (message: TrackingPreviewThreadMessage) => {
      if (message.kind === "started") {
        options.onStarted?.({ threadId: message.threadId });
      } else if (message.kind === "done") {
        settle(() => resolve(message.preview));
        // The thread ends itself once its connection is closed; one that hangs is ended.
        setTimeout(() => void worker.terminate(), EXIT_GRACE_MS).unref();
      } else {
        const { error } = message;
        settle(() => {
          if (error.domain) {
            reject(new DomainError(error.code, error.message, error.fieldErrors));
          } else {
            const thrown = new Error(error.message);
            if (error.stack) thrown.stack = error.stack;
            reject(thrown);
          }
        });
      }
    });
    worker.on("error", (error) => settle(() => reject(error)));
    worker.on("exit", (code) => settle(() => reject(new Error(`The tracking preview thread ended (exit code ${code}) without an answer.`))));
  });
}

/**
 * Files below this many bytes are previewed on the request thread. Starting a thread costs more
 * (~0.3–0.45 s of loading its bundle, mostly Prisma's client, on the busy 2-core machine) than
 * previewing such a file does (256 KiB of CSV is ~4,000 rows, well under 0.1 s of sliced work), and
 * a creator checking a few rows should not wait for it; what competes with report requests for
 * seconds is the large files.
 */
export const TRACKING_PREVIEW_THREAD_MIN_BYTES = 256 * 1024;

/** The preview route's preview: large files in a niced thread (previewTrackingUploadInThread), small ones here. */
export function previewTrackingUploadForRequest(input: TrackingUploadInput, options: PreviewInThreadOptions = {}): Promise<TrackingUploadPreview> {
  if (input.bytes.byteLength < TRACKING_PREVIEW_THREAD_MIN_BYTES) return previewTrackingUpload(input);
  return previewTrackingUploadInThread(input, options);
}
