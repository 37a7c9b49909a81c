// `tsx --import ./lib/node/allow-server-only.mjs tests/load/measure-report-sequential.ts [--backers 5000] [--repeat 200] [--concurrency 1] [--save DIR] [--profile DIR]`:
// the web process's CPU per report request, one request at a time (no queueing, so a busy machine
// stretches the wall time but hardly the CPU a request costs), and the median page size over the
// load test's URL list. Needs a production build (`npm run build`). For comparing a change to the
// report or the project shell before and after, without `npm run load`'s twenty connections.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { findFreePort } from "@/lib/db/start-embedded-postgres";
import { prepareBenchDatabase } from "../bench/prepare-bench-database";
import { BENCH_PROJECT_NAME } from "../bench/seed-bench-database";
import { addProjectCreators } from "./add-project-creators";
import { buildReportUrls } from "./build-report-urls";
import { sampleCpu } from "./measure-process-cpu";
import { signInThroughMagicLink } from "./sign-in-through-magic-link";
import { startWebServer } from "./start-web-server";
import { startStatementCounter } from "../support/count-postgres-statements";

const ROOT = path.resolve(import.meta.dirname, "../..");
const log = (line: string) => process.stderr.write(`[sequential] ${line}\n`);

const { values } = parseArgs({
  options: {
    backers: { type: "string", default: "5000" },
    repeat: { type: "string", default: "200" },
    /**
     * Requests of the repeated URL in flight at once. 1 (the default) is the figure that a busy
     * machine hardly distorts; more shows what overlapping requests cost the process (its garbage
     * collector sees the objects of several renders alive at once, as under `npm run load`).
     */
    concurrency: { type: "string", default: "1" },
    save: { type: "string" },
    /** Directory for a V8 CPU profile of the web process (written when it exits). */
    profile: { type: "string" },
  },
});

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function main() {
  const backers = Number(values.backers);
  const repeat = Number(values.repeat);
  const concurrency = Math.max(1, Number(values.concurrency));
  const database = await prepareBenchDatabase(backers, log);
  let server: ChildProcess | undefined;
  // The web process talks to Postgres through a counting relay: the statements one request sends.
  const counter = await startStatementCounter(database.url);
  try {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const projectId = (await client.query<{ id: string }>(`SELECT id::text FROM project WHERE name = $1 LIMIT 1`, [BENCH_PROJECT_NAME])).rows[0]?.id;
    await client.end();
    if (!projectId) throw new Error(`The benchmark database has no project named "${BENCH_PROJECT_NAME}".`);
    const [email] = await addProjectCreators(database.url, projectId, 1);

    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const { NODE_ENV: _nodeEnv, SMTP_URL: _smtpUrl, ENABLE_DEV_MAILBOX: _mailbox, ...inherited } = process.env;
    const serverLog = path.join(ROOT, ".data/tmp/sequential-server.log");
    await mkdir(path.dirname(serverLog), { recursive: true });
    server = await startWebServer(
      port,
      {
        ...inherited,
        NODE_ENV: "production",
        DATABASE_URL: counter.url,
        APP_URL: baseUrl,
        AUTH_SECRET: randomBytes(32).toString("hex"),
        MAIL_FROM: "Pledgehouse <no-reply@pledgehouse.example>",
        SMTP_URL: "smtp://127.0.0.1:9",
        INSECURE_COOKIES: "1",
        MAIL_WORKER_IN_PROCESS: "0",
      },
      serverLog,
      values.profile ? path.resolve(values.profile) : undefined,
    );
    const cookie = await signInThroughMagicLink({ baseUrl, databaseUrl: database.url, email, clientIp: "10.78.0.1" });
    const urls = await buildReportUrls({ databaseUrl: database.url, projectId, baseUrl, cookie, followFirstPages: 24 });
    const get = async (url: string) => {
      // Uncompressed, as the load test asks (and as a reverse proxy that compresses would).
      const response = await fetch(new URL(url, baseUrl), { headers: { cookie, "accept-encoding": "identity" } });
      const body = await response.text();
      if (!response.ok || !body.includes("Backer report")) throw new Error(`GET ${url} answered ${response.status} without the report`);
      return body;
    };

    // Every URL once: warms the process up and gives the page sizes (HTML only, without headers).
    const sizes: number[] = [];
    let cpu = sampleCpu({ web: server.pid }, null).web;
    for (const [i, url] of urls.entries()) {
      const body = await get(url);
      sizes.push(Buffer.byteLength(body));
      if (values.save) {
        await mkdir(values.save, { recursive: true });
        await writeFile(path.join(values.save, `${String(i).padStart(3, "0")}.html`), `<!-- ${url} -->\n${body}`);
      }
    }
    const listCpu = (sampleCpu({ web: server.pid }, null).web - cpu) / urls.length;

    counter.reset();
    await get(urls[0]);
    const statements = counter.statements();

    cpu = sampleCpu({ web: server.pid }, null).web;
    const started = performance.now();
    let left = repeat;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (left-- > 0) await get(urls[0]);
      }),
    );
    const sameCpu = (sampleCpu({ web: server.pid }, null).web - cpu) / repeat;
    const wall = (performance.now() - started) / repeat;

    process.stdout.write(
      [
        `${urls.length} report URLs (${backers} backers): median page ${(median(sizes) / 1024).toFixed(1)} KB, largest ${(Math.max(...sizes) / 1024).toFixed(1)} KB; web CPU ${listCpu.toFixed(1)} ms per request over the list (first visits)`,
        `${urls[0]} ×${repeat}, ${concurrency === 1 ? "one at a time" : `${concurrency} at a time`}: web CPU ${sameCpu.toFixed(1)} ms per request, ${wall.toFixed(1)} ms wall`,
        `${statements.length} SQL statements for one request of it:`,
        ...statements.map((sql) => `  ${sql.replace(/\s+/g, " ").slice(0, 160)}`),
        "",
      ].join("\n"),
    );
  } finally {
    if (server && server.exitCode === null) {
      // SIGINT lets Node write the CPU profile on the way out.
      const exited = new Promise((resolve) => server?.once("exit", resolve));
      server.kill("SIGINT");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    await counter.close();
    await database.release();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
