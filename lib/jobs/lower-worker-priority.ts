import "server-only";
import { existsSync, readdirSync } from "node:fs";
import { setConnectionSetup, type ConnectionSetup } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import { errorCode, lowerBackendPriorityOnConnect, lowerTo } from "@/lib/db/lower-backend-priority";

export type WorkerPriority = {
  /** The niceness asked for (WORKER_NICE); 0: nothing was changed. */
  nice: number;
  /** Lowers the priority of a new connection's backend; for the job engine's own pool. Unset when nice is 0. */
  prepareConnection?: ConnectionSetup;
};

/**
 * Linux keeps a niceness per thread, and setpriority on the process id changes only the main
 * thread: V8's and libuv's helper threads (garbage collection, compression, file reads) already
 * exist and would stay at full priority. Threads started later inherit their creator's niceness.
 */
function lowerThisProcess(nice: number): void {
  if (!existsSync("/proc/self/task")) {
    lowerTo(0, nice);
    return;
  }
  for (const task of readdirSync("/proc/self/task")) {
    try {
      lowerTo(Number(task), nice);
    } catch (error) {
      if (errorCode(error) !== "ESRCH") throw error; // the thread ended meanwhile
    }
  }
}

/**
 * Makes the worker process yield the CPU to the web process: bulk jobs share the machine's cores
 * with the pages creators are waiting for, and most of a job's CPU is spent by the Postgres
 * backends running its statements, so those are reniced too, one by one as the worker connects
 * (the app's pool through lib/db; the job engine's pool through `prepareConnection`). Renicing a
 * backend needs Postgres on this machine running as this OS user (the embedded one, a single-server
 * install) or a worker running as root; anything else logs one warning and the jobs run as before.
 * Call it before the worker's first query.
 */
export function lowerWorkerPriority(nice: number, log: Logger): WorkerPriority {
  if (nice === 0) {
    log.info("WORKER_NICE=0: the worker and its database backends keep normal priority");
    return { nice };
  }
  try {
    lowerThisProcess(nice);
    log.info({ nice }, "worker priority lowered");
  } catch (error) {
    log.warn({ nice, code: errorCode(error) }, "could not lower this worker's priority; jobs run at normal priority");
  }

  const prepareConnection = lowerBackendPriorityOnConnect(nice, log);
  setConnectionSetup(prepareConnection);
  return { nice, prepareConnection };
}
