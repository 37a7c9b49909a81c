import "server-only";
import { existsSync, readFileSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import type { ConnectionSetup } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";

const HAS_PROC = existsSync("/proc/self");

/** The errno name of a failed os or fs call: os.setPriority puts it in `info`, fs calls in `code`. */
export function errorCode(error: unknown): string | undefined {
  const { code, info } = error as { code?: string; info?: { code?: string } };
  return info?.code ?? code;
}

/** Sets `pid` (a process or thread id) to `nice` unless it already runs at that priority or lower; never raises a priority. */
export function lowerTo(pid: number, nice: number): void {
  if (getPriority(pid) < nice) setPriority(pid, nice);
}

/**
 * Why backend `pid` (as Postgres reports it) cannot be lowered from here, or undefined once it
 * has been. A server on another machine reports a pid that here is nobody's or some unrelated
 * process's, so the pid must name a local Postgres backend whose title shows this connection's
 * client port ("postgres: user db 127.0.0.1(41236) idle"; "[local]" over a Unix socket).
 */
function lowerBackend(pid: number, clientPort: number | null, nice: number): string | undefined {
  const elsewhere = "the database server is not on this machine, or not in this container";
  if (!HAS_PROC) return "this operating system has no /proc to confirm the backend runs on this machine";
  let title: string;
  try {
    title = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return elsewhere;
  }
  const ours = clientPort === null ? title.includes("[local]") : title.includes(`(${clientPort})`);
  if (!title.startsWith("postgres") || !ours) return elsewhere;
  try {
    lowerTo(pid, nice);
    return undefined;
  } catch (error) {
    const code = errorCode(error);
    if (code === "EPERM" || code === "EACCES") return `${code}: Postgres runs as another OS user than this worker`;
    if (code === "ESRCH") return elsewhere;
    return `${code ?? "unknown error"}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * The setup for new database connections of bulk work (the worker process, the web process's
 * tracking preview thread; `whose` names it in the warning): renices the Postgres backend serving the
 * connection to `nice`, because most of a job's CPU is spent there, and turns off parallel query
 * for it. Needs Postgres on this machine running as this OS user (the embedded one, a
 * single-server install) or a worker running as root; otherwise it logs one warning for the whole
 * process and leaves the connections as they are, and the jobs run as before.
 */
export function lowerBackendPriorityOnConnect(nice: number, log: Logger, whose = "the worker's"): ConnectionSetup {
  let warned = false;
  return async (client) => {
    const { rows } = await client.query<{ pid: number; port: number | null }>(
      "SELECT pg_backend_pid() AS pid, inet_client_port() AS port",
    );
    const problem = lowerBackend(rows[0].pid, rows[0].port, nice);
    if (problem) {
      if (!warned) {
        warned = true;
        log.warn(
          { nice },
          `WORKER_NICE: could not lower the priority of ${whose} Postgres backends (${problem}). Jobs run normally, ` +
            "but their database work competes with web requests at full priority. This needs Postgres on this machine " +
            "running as the worker's OS user; set WORKER_NICE=0 to stop trying.",
        );
      }
      return;
    }
    // Parallel query helpers are forked by the postmaster at its priority, not this backend's: they
    // would do the job's work at full priority. A backend left at full priority keeps them.
    await client.query("SET max_parallel_workers_per_gather = 0");
  };
}
