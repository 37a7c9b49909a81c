// `npx tsx --import ./lib/node/allow-server-only.mjs tests/load/measure-upload-cpu.ts`: where the
// CPU goes while a 250,000-row tracking upload runs beside the backer report. A focused companion
// of `npm run load` that does not need a quiet machine: the report's database work runs at a fixed
// rate (so its work is the same in every phase), a tracking preview runs in a child process as the
// web process would run it (in a worker thread at WORKER_NICE; node processes are charged thread by
// thread, so the class shows the thread's niceness), the apply runs as a job in a real `npm run worker` process at
// WORKER_NICE, and every process of the system is charged its CPU seconds from /proc per phase:
// the report's backends, the preview's, the worker's (with their niceness), the Postgres auxiliary
// processes (io workers, WAL writer, checkpointer, background writer, autovacuum) and the node
// processes. pg_stat_statements (loaded for the run only) gives the report statements' cost per call
// in each phase. CPU seconds are far less sensitive to other load on the machine than latency.
//
// Environment: RATE (report requests per second, default 6), CONCURRENCY (most in flight, 8),
// BASELINE_SECONDS (45), AFTER_SECONDS (30), WORKER_NICE (10), PG_SETTINGS (extra postgresql.conf
// lines for the run, separated by ";", e.g. "io_method=sync"), OUT (JSON file for the figures),
// PREVIEW (thread: as the route runs it; in-process: on the request thread, as before), SKIP_APPLY=1
// (stop after the preview).
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { bundleTrackingPreviewThread } from "../../scripts/bundle-node-entry";
import { CLUSTER_DIR, prepareBenchDatabase } from "../bench/prepare-bench-database";
import { BENCH_PROJECT_NAME } from "../bench/seed-bench-database";
import { generateFilledTrackingTemplate } from "../fixtures/tracking/generate-filled-tracking-template";
import { addProjectCreators } from "./add-project-creators";
import { ALL_BACKERS_SELECTION } from "./download-filled-tracking-template";
import { summarizeLatencies, type LatencySample } from "./summarize-latencies";

const ROOT = path.resolve(import.meta.dirname, "../..");
const log = (line: string) => process.stderr.write(`[upload-cpu] ${line}\n`);
const TICK_MS = 10;
const withAppName = (url: string, name: string) => {
  const u = new URL(url);
  u.searchParams.set("application_name", name);
  return u.toString();
};

// ---- Child role: the preview, as the preview route runs it in the web process (PREVIEW=in-process: on the request thread, as before). ----
if (process.env.UPLOAD_CPU_ROLE === "preview") {
  const { previewTrackingUpload } = await import("@/lib/tracking/preview-tracking-upload");
  const { previewTrackingUploadInThread } = await import("@/lib/tracking/preview-tracking-upload-in-thread");
  const { readTrackingUploadFormOrThrow } = await import("@/lib/tracking/read-tracking-upload-form");
  const form = new FormData();
  form.set("selection", ALL_BACKERS_SELECTION);
  form.set("file", new Blob([readFileSync(process.env.UPLOAD_CPU_FILE!)], { type: "text/csv" }), "tracking-numbers-filled.csv");
  const input = { ...(await readTrackingUploadFormOrThrow(form)), projectId: process.env.UPLOAD_CPU_PROJECT! };
  const preview = process.env.PREVIEW === "in-process" ? await previewTrackingUpload(input) : await previewTrackingUploadInThread(input);
  // Peak RSS of the whole process (a thread's heap included), in MB.
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify({ fingerprint: preview.fingerprint, summary: preview.summary, peakRssMb }) + "\n");
  process.exit(0);
}

// ---- Per-process CPU, by class. ----
type Proc = { cls: string; cpu: number; nice: number };
/** A process's CPU (all its threads) from /proc/<pid>/stat; with `tid`, that one thread's. */
const stat = (pid: number, tid?: number) => {
  try {
    const s = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, "utf8");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return { cpu: (Number(f[11]) + Number(f[12])) * TICK_MS, reaped: (Number(f[13]) + Number(f[14])) * TICK_MS, nice: Number(f[16]) };
  } catch {
    return null;
  }
};
const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return "";
  }
};
const children = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

function auxClass(title: string): string | null {
  const m = /^postgres: (io worker|walwriter|checkpointer|background writer|autovacuum launcher|autovacuum worker|logical replication launcher|walsummarizer|parallel worker)/.exec(title);
  return m ? m[1].replace(/ /g, "-") : null;
}

class CpuLedger {
  /** Last seen CPU of every process, by pid, with its class. */
  readonly seen = new Map<number, Proc>();
  private postmaster = 0;
  private readonly exited = new Set<number>();
  private exitedCpu = 0;
  constructor(private readonly monitor: pg.Client, private readonly nodes: () => Record<string, number | undefined>) {
    this.postmaster = Number(readFileSync(path.join(CLUSTER_DIR, "postmaster.pid"), "utf8").split("\n")[0]);
  }
  async sample(): Promise<void> {
    const { rows } = await this.monitor.query<{ pid: number; application_name: string }>(
      "SELECT pid, application_name FROM pg_stat_activity WHERE backend_type = 'client backend'",
    );
    const names = new Map(rows.map((r) => [r.pid, r.application_name]));
    const live = children(this.postmaster);
    for (const [pid, p] of this.seen) {
      // Gone since the last sample: its CPU up to then stays charged to its class, and is taken out of
      // the postmaster's reaped-children time below so it is not counted twice.
      if (p.cls !== "postmaster+exited" && !p.cls.startsWith("node:") && !live.includes(pid) && !this.exited.has(pid)) {
        this.exited.add(pid);
        this.exitedCpu += p.cpu;
      }
    }
    for (const pid of live) {
      const s = stat(pid);
      if (!s) continue;
      const known = this.seen.get(pid);
      let cls = known?.cls;
      if (!cls || cls === "backend-unnamed") {
        const title = cmdline(pid);
        const name = names.get(pid);
        cls = auxClass(title) ?? (name ? `backend:${name}` : "backend-unnamed");
      }
      this.seen.set(pid, { cls, cpu: s.cpu, nice: s.nice });
    }
    const pm = stat(this.postmaster);
    // The postmaster itself and, through cutime, every child that has exited (short-lived backends, autovacuum workers).
    if (pm) this.seen.set(this.postmaster, { cls: "postmaster+exited", cpu: pm.cpu + pm.reaped - this.exitedCpu, nice: pm.nice });
    // Node processes thread by thread: the preview's worker thread runs reniced inside a process
    // whose other threads do not. Keyed by thread id (unique system-wide; a process's main thread
    // has its pid); a thread that ended keeps what it used up to its last sample.
    for (const [cls, pid] of Object.entries(this.nodes())) {
      if (!pid) continue;
      let tasks: string[] = [];
      try {
        tasks = readdirSync(`/proc/${pid}/task`);
      } catch {
        continue;
      }
      for (const tid of tasks.map(Number)) {
        const s = stat(pid, tid);
        if (!s) continue;
        // The main thread, a named thread (the preview's), or Node's helpers (V8's collector and
        // compiler threads, libuv's pool), which serve every thread of the process.
        let name: string;
        try {
          name = readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
        } catch {
          continue; // ended since its stat was read
        }
        const thread = tid === pid ? "main" : name === "node" ? "helpers" : name;
        this.seen.set(tid, { cls: `node:${cls} ${thread}`, cpu: s.cpu, nice: s.nice });
      }
    }
    const own = process.cpuUsage();
    this.seen.set(process.pid, { cls: "node:harness", cpu: (own.user + own.system) / 1000, nice: 0 });
  }
  snapshot(): Map<number, Proc> {
    return new Map([...this.seen].map(([pid, p]) => [pid, { ...p }]));
  }
}

/** CPU seconds per class between two snapshots (a class gets ":nN" when its processes ran reniced). */
function cpuByClass(before: Map<number, Proc>, after: Map<number, Proc>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [pid, p] of after) {
    const delta = p.cpu - (before.get(pid)?.cpu ?? 0);
    if (delta <= 0) continue;
    const key = p.nice ? `${p.cls} (nice ${p.nice})` : p.cls;
    out[key] = Math.round(((out[key] ?? 0) + delta / 1000) * 100) / 100;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}

// ---- Main. ----
const RATE = Number(process.env.RATE ?? 6);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const BASELINE_SECONDS = Number(process.env.BASELINE_SECONDS ?? 45);
const AFTER_SECONDS = Number(process.env.AFTER_SECONDS ?? 30);
const WORKER_NICE = process.env.WORKER_NICE ?? "10";
const PREVIEW = process.env.PREVIEW === "in-process" ? "in-process" : "thread";
const SKIP_APPLY = process.env.SKIP_APPLY === "1";
const PG_SETTINGS = (process.env.PG_SETTINGS ?? "").split(";").map((s) => s.trim()).filter(Boolean);
const OUT = process.env.OUT ?? path.join(ROOT, ".data/tmp/upload-cpu.json");

const conf = path.join(CLUSTER_DIR, "postgresql.auto.conf");
const originalConf = readFileSync(conf, "utf8");
writeFileSync(conf, [originalConf, "shared_preload_libraries = 'pg_stat_statements'", "pg_stat_statements.max = 10000", ...PG_SETTINGS, ""].join("\n"));
let worker: ChildProcess | undefined;
let preview: ChildProcess | undefined;
const database = await prepareBenchDatabase(250_000, log);
try {
  process.env.DATABASE_URL = withAppName(database.url, "harness");
  const monitor = new pg.Client({ connectionString: withAppName(database.url, "monitor") });
  // The run's database is dropped WITH (FORCE) at the end, which ends this session too.
  monitor.on("error", (error) => log(`monitor connection: ${error.message}`));
  await monitor.connect();
  await monitor.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  const settings = (await monitor.query("SELECT name, setting FROM pg_settings WHERE name IN ('io_method','io_workers','fsync','shared_buffers','max_parallel_workers_per_gather')")).rows;
  log(`settings: ${settings.map((r) => `${r.name}=${r.setting}`).join(", ")}`);
  const projectId: string = (await monitor.query(`SELECT id::text FROM project WHERE name = $1 LIMIT 1`, [BENCH_PROJECT_NAME])).rows[0].id;
  const [uploader] = await addProjectCreators(database.url, projectId, 1, "upload-cpu");
  const actorId: string = (await monitor.query(`SELECT id FROM "user" WHERE email = $1`, [uploader])).rows[0].id;
  const backers = (
    await monitor.query<{ backerNumber: number; email: string; name: string }>(
      `SELECT backer_number AS "backerNumber", email, name FROM backer WHERE project_id = $1 ORDER BY backer_number NULLS LAST, id`,
      [projectId],
    )
  ).rows;
  const csvFile = path.join(ROOT, ".data/tmp/upload-cpu.csv");
  writeFileSync(csvFile, generateFilledTrackingTemplate(backers));
  log(`${backers.length} backers; filled template written`);

  // The report's queries, as measure-database-only runs them, on their own labelled pool.
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const { PrismaClient } = await import("@/lib/db/generated/client");
  const { postgresSessionOptions } = await import("@/lib/db/postgres-session-options");
  const { parseBackerReportQuery } = await import("@/lib/backers/report/backer-report-query-schema");
  const { listBackerReport } = await import("@/lib/backers/report/list-backer-report");
  const { listBackerReportFilterChoices } = await import("@/lib/backers/report/list-backer-report-filter-options");
  const { buildReportUrls } = await import("./build-report-urls");
  const reportDb = new PrismaClient({
    adapter: new PrismaPg({ connectionString: withAppName(database.url, "report"), max: CONCURRENCY, options: postgresSessionOptions({ parallelWorkersPerQuery: 0 }) }),
  });
  // First pages only (no HTTP server here to follow "Next" links through).
  const urls = await buildReportUrls({ databaseUrl: database.url, projectId, baseUrl: "http://unused.invalid", cookie: "", followFirstPages: 0 });
  const queries = urls.map((url) => parseBackerReportQuery(new URL(url, "http://load.invalid").searchParams).query);
  log(`${queries.length} report views`);

  const nodes: Record<string, number | undefined> = {};
  const ledger = new CpuLedger(monitor, () => nodes);
  const sampler = setInterval(() => void ledger.sample().catch(() => undefined), 500);

  // Fixed-rate report load for the whole run: a request every 1/RATE s, at most CONCURRENCY in flight.
  const samples: LatencySample[] = [];
  let inFlight = 0;
  let skipped = 0;
  let next = 0;
  let errors = 0;
  const ticker = setInterval(() => {
    if (inFlight >= CONCURRENCY) {
      skipped += 1;
      return;
    }
    inFlight += 1;
    const query = queries[next++ % queries.length];
    const t = performance.now();
    Promise.all([listBackerReport(projectId, query, reportDb), listBackerReportFilterChoices(projectId, reportDb)])
      .then(() => samples.push({ at: Date.now(), ms: performance.now() - t, status: 200 }))
      .catch(() => (errors += 1))
      .finally(() => (inFlight -= 1));
  }, 1000 / RATE);

  type Phase = { name: string; seconds: number; requests: number; skipped: number; cpuSeconds: Record<string, number>; latency: ReturnType<typeof summarizeLatencies>; statements: unknown[] };
  const phases: Phase[] = [];
  const statementsSince = async () =>
    (
      await monitor.query(
        `SELECT queryid::text, calls::int, round(total_exec_time::numeric, 1)::float AS exec_ms, shared_blks_hit::bigint::float AS hit, shared_blks_read::bigint::float AS read,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS q
           FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          ORDER BY total_exec_time DESC LIMIT 40`,
      )
    ).rows;
  async function phase(name: string, run: () => Promise<void>) {
    await ledger.sample();
    await monitor.query("SELECT pg_stat_statements_reset()");
    const before = ledger.snapshot();
    const [s0, k0, t0] = [samples.length, skipped, Date.now()];
    await run();
    await ledger.sample();
    const after = ledger.snapshot();
    const seconds = (Date.now() - t0) / 1000;
    const window = samples.slice(s0);
    const p: Phase = {
      name,
      seconds: Math.round(seconds * 10) / 10,
      requests: window.length,
      skipped: skipped - k0,
      cpuSeconds: cpuByClass(before, after),
      latency: summarizeLatencies(window),
      statements: await statementsSince(),
    };
    phases.push(p);
    const reportCpu = (p.cpuSeconds["backend:report"] ?? 0) / Math.max(1, p.requests);
    log(`${name}: ${p.seconds} s, ${p.requests} report requests (${p.skipped} skipped), report backend CPU ${(reportCpu * 1000).toFixed(1)} ms/req, p50 ${p.latency.p50Ms} p95 ${p.latency.p95Ms} ms`);
    log(`  CPU s: ${Object.entries(p.cpuSeconds).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    writeFileSync(OUT, JSON.stringify({ settings, rate: RATE, concurrency: CONCURRENCY, workerNice: WORKER_NICE, pgSettings: PG_SETTINGS, phases }, null, 1));
  }
  const sleep = (s: number) => new Promise<void>((r) => setTimeout(r, s * 1000));

  // The worker, started first so its start-up is not charged to the apply.
  const { NODE_ENV: _n, SMTP_URL: _s, ENABLE_DEV_MAILBOX: _m, ...rest } = process.env;
  // What the production processes need (lib/env); nothing listens on the SMTP port, so deliveries fail and stay queued.
  const inherited = { ...rest, SMTP_URL: "smtp://127.0.0.1:9", MAIL_FROM: "P <n@p.example>", APP_URL: "http://127.0.0.1:9", AUTH_SECRET: "x".repeat(64) };
  worker = spawn(process.execPath, ["--import", "tsx", "--import", "./lib/node/allow-server-only.mjs", "lib/mail/run-worker.ts"], {
    cwd: ROOT,
    env: { ...inherited, NODE_ENV: "production", DATABASE_URL: withAppName(database.url, "worker"), WORKER_NICE },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let workerOutput = "";
  worker.stdout?.on("data", (c) => (workerOutput += c));
  worker.stderr?.on("data", (c) => (workerOutput += c));
  nodes.worker = worker.pid;
  await phase("warm-up", () => sleep(10));
  if (!workerOutput.includes("Job worker started")) log(`worker output so far: ${workerOutput.slice(0, 2000)}`);
  await phase("report alone", () => sleep(BASELINE_SECONDS));

  let fingerprint = "";
  // As the preview route runs it: in a worker thread of the (child) web process, from its bundle.
  const previewThread = path.join(ROOT, ".data/tmp/tracking-preview-thread.mjs");
  await bundleTrackingPreviewThread(previewThread, { production: true });
  const previewPhase = PREVIEW === "in-process" ? "preview (child node, on its main thread at nice 0)" : `preview (child node, in a thread at WORKER_NICE=${WORKER_NICE})`;
  await phase(previewPhase, async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "--import", "./lib/node/allow-server-only.mjs", path.relative(ROOT, new URL(import.meta.url).pathname)], {
      cwd: ROOT,
      env: {
        ...inherited,
        NODE_ENV: "production",
        DATABASE_URL: withAppName(database.url, "preview"),
        UPLOAD_CPU_ROLE: "preview",
        UPLOAD_CPU_FILE: csvFile,
        UPLOAD_CPU_PROJECT: projectId,
        PREVIEW,
        WORKER_NICE,
        PLEDGEHOUSE_TRACKING_PREVIEW_THREAD: previewThread,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    preview = child;
    nodes.preview = child.pid;
    let out = "";
    child.stdout?.on("data", (c) => (out += c));
    await new Promise((resolve) => child.on("exit", resolve));
    const answer = JSON.parse(out.trim().split("\n").pop()!) as { fingerprint: string; peakRssMb: number };
    fingerprint = answer.fingerprint;
    log(`preview: peak RSS of its process ${answer.peakRssMb} MB`);
  });

  const { runInTransaction } = await import("@/lib/db/run-in-transaction");
  const { startTrackingApplyJob } = await import("@/lib/tracking/start-tracking-apply-job");
  const { readTrackingUploadFormOrThrow } = await import("@/lib/tracking/read-tracking-upload-form");
  const form = new FormData();
  form.set("selection", ALL_BACKERS_SELECTION);
  form.set("file", new Blob([readFileSync(csvFile)], { type: "text/csv" }), "tracking-numbers-filled.csv");
  form.set("fingerprint", fingerprint);
  const trackingForm = await readTrackingUploadFormOrThrow(form);
  let outcome: unknown;
  if (!SKIP_APPLY) await phase(`apply (worker job, WORKER_NICE=${WORKER_NICE})`, async () => {
    const { jobId } = await runInTransaction((tx) => startTrackingApplyJob(tx, { projectId, actorId, form: trackingForm }));
    for (;;) {
      await sleep(0.5);
      const { rows } = await monitor.query(`SELECT status, error, result FROM project_job WHERE id = $1`, [jobId]);
      if (["DONE", "FAILED", "CANCELLED"].includes(rows[0].status)) {
        outcome = rows[0];
        return;
      }
    }
  });
  if (SKIP_APPLY) log("SKIP_APPLY: no apply");
  else log(`apply outcome: ${JSON.stringify(outcome).slice(0, 300)}`);
  if (!SKIP_APPLY) await phase("after the apply", () => sleep(AFTER_SECONDS));
  clearInterval(ticker);
  clearInterval(sampler);
  while (inFlight > 0) await sleep(0.1);
  await reportDb.$disconnect();
  const { prisma } = await import("@/lib/db/client");
  await prisma.$disconnect();
  await monitor.end();
  log(`errors ${errors}; figures in ${path.relative(ROOT, OUT)}`);
} catch (error) {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  preview?.kill();
  if (worker && worker.exitCode === null) {
    const exited = new Promise((r) => worker!.once("exit", r));
    worker.kill();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  writeFileSync(conf, originalConf);
  await database.release();
}
process.exit(process.exitCode ?? 0);
