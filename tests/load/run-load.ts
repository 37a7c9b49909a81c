// `npm run load [-- --duration 60] [--connections 20] [--backers 250000] [--json]`: the backer
// report under load at 250,000 backers. Copies the cached benchmark database (tests/bench), starts
// the production server on it, signs creators in through the magic-link flow, then measures the
// report with autocannon twice for the same duration: alone (baseline), and while one more
// creator uploads a tracking number for every backer through the upload dialog's routes.
// Progress goes to stderr; stdout carries the summary, or with --json one JSON object as the last line.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { findFreePort } from "@/lib/db/start-embedded-postgres";
import { CLUSTER_DIR, prepareBenchDatabase } from "../bench/prepare-bench-database";
import { BENCH_PROJECT_NAME } from "../bench/seed-bench-database";
import { addProjectCreators } from "./add-project-creators";
import { buildReportUrls } from "./build-report-urls";
import { downloadFilledTrackingTemplate } from "./download-filled-tracking-template";
import { measureDatabaseOnly, type DatabaseOnlyFigures } from "./measure-database-only";
import { measureReportLoad, type ReportLoadFigures } from "./measure-report-load";
import { cpuPerRequest, sampleCpu, type CpuPerRequest, type CpuSample } from "./measure-process-cpu";
import { probeServerLatency } from "./probe-server-latency";
import { signInThroughMagicLink } from "./sign-in-through-magic-link";
import { startWebServer } from "./start-web-server";
import { summarizeLatencies, type LatencySummary } from "./summarize-latencies";
import { uploadTrackingFile, type TrackingUploadRun } from "./upload-tracking-file";
import { verifyTrackingUpload } from "./verify-tracking-upload";

const ROOT = path.resolve(import.meta.dirname, "../..");
const log = (line: string) => process.stderr.write(`[load] ${line}\n`);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      backers: { type: "string", default: "250000" },
      duration: { type: "string", default: "60" },
      connections: { type: "string", default: "20" },
      timeout: { type: "string", default: "60" },
      build: { type: "boolean", default: false },
      "skip-upload": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      "cpu-profile": { type: "string" },
      help: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(
      "Usage: npm run load -- [--duration SECONDS] [--connections N] [--backers N] [--timeout SECONDS] [--build] [--skip-upload] [--json] [--cpu-profile DIR]\n" +
        "See tests/load/README.md.\n",
    );
    process.exit(0);
  }
  const whole = (name: string, raw: string, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
    return n;
  };
  return {
    backers: whole("backers", values.backers, 100, 1_000_000),
    duration: whole("duration", values.duration, 5, 1800),
    connections: whole("connections", values.connections, 1, 200),
    timeout: whole("timeout", values.timeout, 1, 600),
    build: values.build,
    skipUpload: values["skip-upload"],
    json: values.json,
    cpuProfileDir: values["cpu-profile"] ? path.resolve(values["cpu-profile"]) : undefined,
  };
}

function runToStderr(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", process.stderr, process.stderr] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with code ${code}`))));
  });
}

/**
 * The worker process (`npm run worker`: mail delivery and project jobs) beside the web process, as
 * production runs it: the tracking apply is a job, so without it the upload would never finish, and
 * inside the web process its work would be measured as the report's.
 */
function startWorker(env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, [path.join(ROOT, ".next/standalone/worker.mjs")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill();
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
}

function describeLoad(label: string, f: ReportLoadFigures | LatencySummary, extra = ""): string {
  const base = `${label.padEnd(30)} ${String(f.requests).padStart(6)} req  p50 ${f.p50Ms.toFixed(0).padStart(6)} ms  p95 ${f.p95Ms.toFixed(0).padStart(6)} ms  p99 ${f.p99Ms
    .toFixed(0)
    .padStart(6)} ms  non-2xx ${f.non2xx}`;
  if (!("errors" in f)) return `${base}${extra}`;
  return `${base}  errors ${f.errors}  timeouts ${f.timeouts}  wrong body ${f.mismatches}  ${f.requestsPerSecond} req/s over ${f.seconds} s${extra}`;
}

/**
 * The database-only phase: the same report queries by as many callers for as long, straight
 * through a pg pool, and the HTTP baseline's share of that throughput.
 */
async function runDatabaseOnly(
  loadOptions: { connections: number; durationSeconds: number; urls: string[] },
  databaseUrl: string,
  projectId: string,
  baseline: ReportLoadFigures,
  cpu: () => CpuSample,
): Promise<{ databaseOnly: DatabaseOnlyFigures; reportToDatabaseOnly: number; cpuPerRequestMs: CpuPerRequest }> {
  log(`database only: the same report queries by ${loadOptions.connections} callers straight through pg for ${loadOptions.durationSeconds} s`);
  const before = cpu();
  const databaseOnly = await measureDatabaseOnly({ ...loadOptions, databaseUrl, projectId });
  const cpuPerRequestMs = cpuPerRequest(before, cpu(), databaseOnly.requests);
  log(describeDatabaseOnly(databaseOnly));
  const reportToDatabaseOnly = databaseOnly.requestsPerSecond > 0 ? round(baseline.requestsPerSecond / databaseOnly.requestsPerSecond, 2) : 0;
  return { databaseOnly, reportToDatabaseOnly, cpuPerRequestMs };
}

/** The report alone, with the CPU each process spent per request. */
async function measureBaseline(loadOptions: Parameters<typeof measureReportLoad>[0], cpu: () => CpuSample) {
  const before = cpu();
  const alone = await measureReportLoad(loadOptions);
  return { ...alone, cpuPerRequestMs: cpuPerRequest(before, cpu(), alone.figures.requests) };
}

function describeCpu(baseline: CpuPerRequest, databaseOnly: CpuPerRequest): string {
  const part = (c: CpuPerRequest) => `web ${c.web}, Postgres ${c.postgres ?? "n/a"}, worker ${c.worker}, load harness ${c.harness}`;
  return `CPU ms per request: report alone: ${part(baseline)}; database only: ${part(databaseOnly)} (the harness's share is the pg client)`;
}

function describeDatabaseOnly(f: DatabaseOnlyFigures): string {
  const { requests, non2xx, p50Ms, p95Ms, p99Ms, maxMs } = f;
  return `${describeLoad("database only (no HTTP, no render)", { requests, non2xx, p50Ms, p95Ms, p99Ms, maxMs })}  errors ${f.errors}  ${f.requestsPerSecond} req/s over ${f.seconds} s`;
}

function describePageSize(f: ReportLoadFigures): string {
  return `median report page ${(f.pageBytesMedian / 1024).toFixed(1)} KB (uncompressed HTML with headers)`;
}

async function main() {
  const options = parseOptions();
  const hasBuild = existsSync(path.join(ROOT, ".next/standalone/web.mjs"));
  const loadBefore = loadAverage();
  const database = await prepareBenchDatabase(options.backers, log);
  let server: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  try {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ id: string }>(`SELECT id::text FROM project WHERE name = $1 LIMIT 1`, [BENCH_PROJECT_NAME]);
    await client.end();
    const projectId = rows[0]?.id;
    if (!projectId) throw new Error(`The benchmark database has no project named "${BENCH_PROJECT_NAME}".`);

    // One creator per connection, plus the one who uploads.
    const emails = await addProjectCreators(database.url, projectId, options.connections + 1);
    const uploaderEmail = emails[emails.length - 1];

    if (options.build || !hasBuild) {
      log(options.build ? "building the app (--build)" : "no production build (.next/BUILD_ID) yet: building the app");
      await runToStderr("npm", ["run", "build"], { ...process.env, NODE_ENV: "production" });
    } else {
      log("using the existing production build in .next (pass --build to rebuild it after changing the code)");
    }

    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const { NODE_ENV: _nodeEnv, SMTP_URL: _smtpUrl, ENABLE_DEV_MAILBOX: _mailbox, ...inherited } = process.env;
    // Kept after the run (.data is not committed), for when a request failed.
    const serverLog = path.join(ROOT, ".data/tmp/load-server.log");
    await mkdir(path.dirname(serverLog), { recursive: true });
    const serverEnv: NodeJS.ProcessEnv = {
      ...inherited,
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      APP_URL: baseUrl,
      AUTH_SECRET: randomBytes(32).toString("hex"),
      MAIL_FROM: "Pledgehouse <no-reply@pledgehouse.example>",
      // Nothing listens there: the worker's deliveries fail and the outbox keeps what the upload queued.
      SMTP_URL: "smtp://127.0.0.1:9",
      // The harness gives each creator an address of its own in X-Forwarded-For, as one proxy would.
      TRUSTED_PROXY_HOPS: "1",
      INSECURE_COOKIES: "1",
      // As in production: mail and jobs run in a separate worker process (started below).
      MAIL_WORKER_IN_PROCESS: "0",
    };
    server = await startWebServer(port, serverEnv, serverLog, options.cpuProfileDir);
    // Its deliveries to the closed SMTP port fail and are retried later; the outbox rows stay.
    worker = startWorker(serverEnv, path.join(ROOT, ".data/tmp/load-worker.log"));
    log(`next start is answering on ${baseUrl} (log: ${serverLog})`);
    const clusterDir = process.env.DATABASE_URL ? null : CLUSTER_DIR;
    const cpu = () => sampleCpu({ web: server?.pid, worker: worker?.pid }, clusterDir);

    const cookies = await Promise.all(
      emails.map((email, i) => signInThroughMagicLink({ baseUrl, databaseUrl: database.url, email, clientIp: `10.77.${i >> 8}.${i & 255}` })),
    );
    const uploaderCookie = cookies.pop()!;
    log(`signed ${emails.length} creators in through the magic-link flow`);

    let t = performance.now();
    const urls = await buildReportUrls({ databaseUrl: database.url, projectId, baseUrl, cookie: cookies[0], followFirstPages: 24 });
    log(`opened the first pages and collected ${urls.length} report URLs in ${Math.round(performance.now() - t)} ms`);

    if (options.cpuProfileDir) {
      // Kept beside the profile: what one report page is made of (markup against the inline RSC payload).
      const page = await fetch(new URL(urls[0], baseUrl), { headers: { cookie: cookies[0] } });
      await mkdir(options.cpuProfileDir, { recursive: true });
      await writeFile(path.join(options.cpuProfileDir, "report-page.html"), await page.text());
    }

    const loadOptions = { baseUrl, cookies, urls, connections: options.connections, durationSeconds: options.duration, timeoutSeconds: options.timeout };
    if (options.skipUpload) {
      // Only the baseline: for comparing report changes, without the minutes the upload takes.
      log(`baseline: ${options.connections} creators browse the report for ${options.duration} s (--skip-upload)`);
      const alone = await measureBaseline(loadOptions, cpu);
      const dbOnly = await runDatabaseOnly(loadOptions, database.url, projectId, alone.figures, cpu);
      const summary = {
        backers: options.backers,
        connections: options.connections,
        reportUrls: urls.length,
        loadAverage: { before: loadBefore, after: loadAverage() },
        baseline: alone.figures,
        databaseOnly: dbOnly.databaseOnly,
        ratios: { reportToDatabaseOnly: dbOnly.reportToDatabaseOnly },
        cpuPerRequestMs: { baseline: alone.cpuPerRequestMs, databaseOnly: dbOnly.cpuPerRequestMs },
      };
      process.stdout.write(
        options.json
          ? `${JSON.stringify(summary)}\n`
          : [
              describeLoad("report alone (baseline)", alone.figures),
              describeDatabaseOnly(dbOnly.databaseOnly),
              `report req/s ÷ database-only req/s: ${dbOnly.reportToDatabaseOnly}; ${describePageSize(alone.figures)}`,
              describeCpu(alone.cpuPerRequestMs, dbOnly.cpuPerRequestMs),
              `load average ${summary.loadAverage.before.join(" / ")} before, ${summary.loadAverage.after.join(" / ")} after`,
              "",
            ].join("\n"),
      );
      process.exitCode = alone.figures.errors === 0 && alone.figures.non2xx === 0 && alone.figures.mismatches === 0 && dbOnly.databaseOnly.errors === 0 ? 0 : 1;
      return;
    }

    t = performance.now();
    const template = await downloadFilledTrackingTemplate(baseUrl, projectId, uploaderCookie);
    log(
      `downloaded the tracking template (${template.rows.toLocaleString("en-US")} rows) in ${Math.round(template.downloadMs)} ms and filled it in ${Math.round(performance.now() - t - template.downloadMs)} ms`,
    );

    const staticFile = (await readdir(path.join(ROOT, ".next/static/chunks"))).find((name) => name.endsWith(".js"));
    const probeUrl = `${baseUrl}/_next/static/chunks/${staticFile}`;

    log(`baseline: ${options.connections} creators browse the report for ${options.duration} s`);
    let probe = probeServerLatency(probeUrl);
    const baseline = await measureBaseline(loadOptions, cpu);
    const baselineProbe = await probe.stop();
    log(describeLoad("baseline", baseline.figures));
    const dbOnly = await runDatabaseOnly(loadOptions, database.url, projectId, baseline.figures, cpu);

    // Let the server settle (garbage collection, autovacuum) between the two phases.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    log(`with upload: the same for ${options.duration} s (longer if the upload takes longer), while one more creator uploads the template`);
    probe = probeServerLatency(probeUrl);
    const loaded = await measureReportLoad<TrackingUploadRun>({
      ...loadOptions,
      alongside: () => uploadTrackingFile(baseUrl, projectId, uploaderCookie, template.csv),
    });
    const loadedProbe = await probe.stop();
    const upload = loaded.alongside;
    if (!upload) throw new Error("The upload did not run.");
    if ("error" in upload) throw upload.error;
    const during = summarizeLatencies(loaded.samples, upload.startedAt, upload.finishedAt);
    const { samples: _baselineSamples, ...probeAlone } = baselineProbe;
    const probeDuringUpload = summarizeLatencies(loadedProbe.samples, upload.startedAt, upload.finishedAt);
    const verification = await verifyTrackingUpload(database.url, projectId, uploaderEmail);
    const loadAfter = loadAverage();

    const result = {
      backers: options.backers,
      connections: options.connections,
      durationSeconds: options.duration,
      reportUrls: urls.length,
      loadAverage: { before: loadBefore, after: loadAfter },
      cpus: os.cpus().length,
      baseline: baseline.figures,
      databaseOnly: dbOnly.databaseOnly,
      withUpload: loaded.figures,
      duringUpload: during,
      timeoutSeconds: options.timeout,
      staticFileProbe: { alone: probeAlone, duringUpload: probeDuringUpload },
      ratios: {
        reportToDatabaseOnly: dbOnly.reportToDatabaseOnly,
        p50: round(loaded.figures.p50Ms / baseline.figures.p50Ms, 2),
        p95: round(loaded.figures.p95Ms / baseline.figures.p95Ms, 2),
        p50DuringUpload: round(during.p50Ms / baseline.figures.p50Ms, 2),
        p95DuringUpload: round(during.p95Ms / baseline.figures.p95Ms, 2),
      },
      cpuPerRequestMs: { baseline: baseline.cpuPerRequestMs, databaseOnly: dbOnly.cpuPerRequestMs },
      upload: {
        rows: template.rows,
        templateMs: Math.round(template.downloadMs),
        previewMs: Math.round(upload.value.previewMs),
        applyMs: Math.round(upload.value.applyMs),
        applySteps: upload.value.applySteps,
        outcome: upload.value.outcome.ok
          ? { ok: true, shipmentsAdded: upload.value.outcome.result.shipmentsAdded, emailsQueued: upload.value.outcome.result.emailsQueued }
          : { ok: false, message: upload.value.outcome.message },
      },
      verification,
    };

    if (options.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const lines = [
        "",
        `Backer report under load: ${options.backers.toLocaleString("en-US")} backers, ${options.connections} creators (one connection each), ${urls.length} report URLs`,
        `machine: ${result.cpus} CPUs; load average (1/5/15 min) ${loadBefore.join(" / ")} before, ${loadAfter.join(" / ")} at the end`,
        "",
        describeLoad("report alone (baseline)", baseline.figures),
        describeDatabaseOnly(dbOnly.databaseOnly),
        `report req/s ÷ database-only req/s: ${dbOnly.reportToDatabaseOnly}; ${describePageSize(baseline.figures)}`,
        describeCpu(baseline.cpuPerRequestMs, dbOnly.cpuPerRequestMs),
        describeLoad("report with the upload", loaded.figures),
        describeLoad("  of which during the upload", during),
        `static file probe (web process responsiveness, no database): alone p50 ${probeAlone.p50Ms} ms, max ${probeAlone.maxMs} ms; during the upload p50 ${probeDuringUpload.p50Ms} ms, max ${probeDuringUpload.maxMs} ms`,
        `ratios to baseline: p50 ×${result.ratios.p50}, p95 ×${result.ratios.p95}; during the upload p50 ×${result.ratios.p50DuringUpload}, p95 ×${result.ratios.p95DuringUpload}`,
        "",
        `tracking upload of ${template.rows.toLocaleString("en-US")} rows: template ${result.upload.templateMs} ms, preview ${result.upload.previewMs} ms, apply ${result.upload.applyMs} ms — ` +
          (upload.value.outcome.ok
            ? `${upload.value.outcome.result.shipmentsAdded.toLocaleString("en-US")} shipments added, ${upload.value.outcome.result.emailsQueued.toLocaleString("en-US")} emails queued`
            : `FAILED: ${upload.value.outcome.message}`),
        `apply steps began at (ms): ${Object.entries(upload.value.applySteps).map(([step, ms]) => `${step} ${ms}`).join(", ")}`,
        `check: ${verification.shipmentsByUploader} shipments by the uploader, ${verification.trackingEmails} tracking emails to ${verification.distinctRecipients} backers, ${verification.trackingImports} import record(s), for ${verification.backers} backers — ${verification.appliedOnce ? "applied exactly once" : "NOT as expected"}`,
        "",
      ];
      process.stdout.write(lines.join("\n"));
    }
    const clean =
      verification.appliedOnce &&
      upload.value.outcome.ok &&
      dbOnly.databaseOnly.errors === 0 &&
      [baseline.figures, loaded.figures].every((f) => f.errors === 0 && f.non2xx === 0 && f.mismatches === 0);
    process.exitCode = clean ? 0 : 1;
  } finally {
    // The server and worker must let go of the database before its copy is dropped.
    await Promise.all([stopChild(server), stopChild(worker)]);
    await database.release();
  }
}

function loadAverage(): number[] {
  return os.loadavg().map((n) => round(n, 2));
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
