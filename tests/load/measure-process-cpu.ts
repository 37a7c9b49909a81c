import { readFileSync } from "node:fs";
import path from "node:path";

/** CPU time (user + system, ms) each part of the system has used so far. */
export type CpuSample = { web: number; worker: number; postgres: number | null; harness: number };
export type CpuPerRequest = { web: number; worker: number; postgres: number | null; harness: number };

const TICK_MS = 1000 / 100; // Linux USER_HZ is 100 on every architecture Node supports.

/** utime + stime (+ the reaped children's, for the postmaster whose backends come and go) in ms. */
function processCpuMs(pid: number, withReapedChildren: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name (which may itself hold spaces).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const [utime, stime, cutime, cstime] = [fields[11], fields[12], fields[13], fields[14]].map(Number);
    return (utime + stime + (withReapedChildren ? cutime + cstime : 0)) * TICK_MS;
  } catch {
    return 0;
  }
}

function childPids(parent: number): number[] {
  try {
    return readFileSync(`/proc/${parent}/task/${parent}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Where a phase's CPU went: the web process, the worker, the embedded Postgres cluster (the
 * postmaster, its live backends, and through cutime the backends that have already exited) and this
 * harness (autocannon, or the database-only phase's pg client). Linux /proc only; the cluster is
 * counted only when it is the embedded one in `clusterDir` (a DATABASE_URL server is elsewhere).
 * It says which process a report request costs, which latency alone cannot on a 2-core machine
 * where they all compete.
 */
export function sampleCpu(pids: { web?: number; worker?: number }, clusterDir: string | null): CpuSample {
  let postgres: number | null = null;
  if (clusterDir) {
    try {
      const postmaster = Number(readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0]);
      postgres = processCpuMs(postmaster, true) + childPids(postmaster).reduce((sum, pid) => sum + processCpuMs(pid, false), 0);
    } catch {
      postgres = null;
    }
  }
  const own = process.cpuUsage();
  return {
    web: pids.web ? processCpuMs(pids.web, false) : 0,
    worker: pids.worker ? processCpuMs(pids.worker, false) : 0,
    postgres,
    harness: (own.user + own.system) / 1000,
  };
}

/** CPU ms per request between two samples. */
export function cpuPerRequest(before: CpuSample, after: CpuSample, requests: number): CpuPerRequest {
  const per = (a: number, b: number) => Math.round(((b - a) / Math.max(1, requests)) * 10) / 10;
  return {
    web: per(before.web, after.web),
    worker: per(before.worker, after.worker),
    postgres: before.postgres === null || after.postgres === null ? null : per(before.postgres, after.postgres),
    harness: per(before.harness, after.harness),
  };
}
