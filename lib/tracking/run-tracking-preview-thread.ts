// The tracking preview's worker thread (see preview-tracking-upload-in-thread.ts): started by the
// web process for one preview, bundled on its own (scripts/bundle-node-entry.ts) because a thread
// runs a file with plain `node`. It lowers its own OS thread's priority and its Postgres backend's
// before the first query, previews the upload, answers once and ends.
import { readlinkSync, writeFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { prisma, setConnectionSetup } from "@/lib/db/client";
import { errorCode, lowerBackendPriorityOnConnect, lowerTo } from "@/lib/db/lower-backend-priority";
import { DomainError } from "@/lib/errors";
import { logger } from "@/lib/log/logger";
import { previewTrackingUpload } from "./preview-tracking-upload";
import type { TrackingPreviewThreadData, TrackingPreviewThreadMessage } from "./preview-tracking-upload-in-thread";

const { input, nice } = workerData as TrackingPreviewThreadData;
const log = logger.child({ thread: "tracking preview" });
const post = (message: TrackingPreviewThreadMessage) => parentPort!.postMessage(message);

/**
 * This thread's kernel id: Linux keeps a niceness per thread, and setpriority on it changes this
 * thread alone, leaving the web process's request thread at full priority. /proc/thread-self links
 * to "<pid>/task/<tid>". Undefined where there is no /proc (the preview then keeps normal priority).
 */
function ownThreadId(): number | undefined {
  try {
    return Number(readlinkSync("/proc/thread-self").split("/").at(-1));
  } catch {
    return undefined;
  }
}

const tid = ownThreadId();
// Named so `top -H`, `ps -L` and the load tools can tell it from the process's other threads (the
// kernel keeps 15 characters).
try {
  writeFileSync("/proc/thread-self/comm", "tracking-prevw");
} catch {
  // No /proc: the thread keeps its name.
}
if (nice > 0) {
  try {
    if (tid !== undefined) lowerTo(tid, nice);
  } catch (error) {
    log.warn({ nice, code: errorCode(error) }, "could not lower the tracking preview thread's priority; it runs at normal priority");
  }
  setConnectionSetup(lowerBackendPriorityOnConnect(nice, log, "the tracking preview's"));
}
post({ kind: "started", threadId: tid ?? null });

try {
  post({ kind: "done", preview: await previewTrackingUpload(input) });
} catch (error) {
  if (error instanceof DomainError) {
    post({ kind: "failed", error: { domain: true, code: error.code, message: error.message, fieldErrors: error.fieldErrors } });
  } else {
    const plain = error instanceof Error ? error : new Error(String(error));
    post({ kind: "failed", error: { domain: false, message: plain.message, stack: plain.stack } });
  }
} finally {
  await prisma.$disconnect().catch(() => undefined);
}
