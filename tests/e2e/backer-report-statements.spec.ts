import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signInThroughMagicLink } from "../load/sign-in-through-magic-link";
import { startStatementCounter, type StatementCounter } from "../support/count-postgres-statements";
import { createE2eCampaign } from "./support/create-campaign";

/**
 * The SQL statements one backer report page costs, counted on the wire: the session with its user,
 * the membership with the project and its running jobs (the project header; it also tells the top
 * bar that the user runs a project, see userHasProjectsOnPage), then the report's own (its rows,
 * their count, and the filter lists with the countries in one). Each one is a round trip on every page a creator opens; a new one must be a decision,
 * not an accident. The count covers everything the page renders (layouts, React's per-request
 * cache), which only a real server shows, so the spec starts a second production web process whose
 * database connection runs through a counting relay.
 */
const REPORT_PAGE_STATEMENTS = 5;

const ROOT = path.resolve(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startCountedServer(databaseUrl: string, counter: StatementCounter): Promise<{ baseUrl: string; child: ChildProcess }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(ROOT, ".next/standalone/web.mjs")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: counter.url, APP_URL: baseUrl, PORT: String(port), HOST: "127.0.0.1", MAIL_WORKER_IN_PROCESS: "0" },
    stdio: "ignore",
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The counted web process exited with code ${child.exitCode}.`);
    try {
      if ((await fetch(`${baseUrl}/sign-in`)).ok) return { baseUrl, child };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill();
  throw new Error(`The counted web process did not answer within 60 s (database ${databaseUrl.replace(/\/\/.*@/, "//…@")}).`);
}

test("a backer report page costs a fixed number of SQL statements, the membership check among them", async () => {
  test.setTimeout(120_000);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL must be set: run e2e tests through `npm test`.");
  const email = `statements-${process.pid}-${Date.now()}@example.com`;
  const campaign = await createE2eCampaign(email, { backers: 60 });
  const counter = await startStatementCounter(databaseUrl);
  const { baseUrl, child } = await startCountedServer(databaseUrl, counter);
  try {
    const cookie = await signInThroughMagicLink({ baseUrl, databaseUrl, email, clientIp: `10.251.${process.pid & 255}.1` });
    const open = async (url: string) => {
      const response = await fetch(`${baseUrl}${url}`, { headers: { cookie } });
      return { status: response.status, html: await response.text() };
    };
    const report = `/projects/${campaign.projectId}/backers`;
    // The first request warms the process up (modules, the connection pool); the second is counted.
    expect((await open(report)).status).toBe(200);
    counter.reset();
    const page = await open(report);
    const statements = counter.statements();
    expect(page.status).toBe(200);
    expect(page.html).toContain(campaign.backers[0].name);
    // The top bar still offers the Projects area, without a statement of its own.
    expect(page.html).toMatch(/<a [^>]*href="\/projects"[^>]*>Projects<\/a>/);
    expect(statements.length, statements.join("\n\n")).toBeLessThanOrEqual(REPORT_PAGE_STATEMENTS);
    // The membership is still checked on this request: the statement reads this user's membership.
    expect(statements.some((sql) => /"membership"/.test(sql) && /"user_id"/.test(sql) && /"project_id"/.test(sql))).toBe(true);

    // And it still refuses: a project the user is not a member of is a 404, like a missing one.
    const stranger = await createE2eCampaign(`statements-other-${process.pid}-${Date.now()}@example.com`, { backers: 1 });
    expect((await open(`/projects/${stranger.projectId}/backers`)).status).toBe(404);
  } finally {
    child.kill();
    await counter.close();
  }
});
