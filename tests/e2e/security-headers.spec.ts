import { randomUUID } from "node:crypto";
import { expect, test, type APIResponse, type Page, type Response } from "@playwright/test";
import { createE2eCampaign } from "./support/create-campaign";
import { withDatabase } from "./support/authz-fixture";
import { queryOne } from "./support/demo";
import { assignClientAddress, signIn } from "./support/sign-in";

/** A creator of the test's own (their account is made with their campaign, or by signing in). */
const newCreatorEmail = () => `security-headers-${randomUUID().slice(0, 8)}@example.com`;

/**
 * The Content-Security-Policy must be one the app's own pages satisfy: every page kind is opened
 * as the user who may see it, its interactive parts are used, and any violation fails the test.
 */

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

const STATIC_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};

type Watch = { console: string[] };

/** Collects CSP violations from the page's `securitypolicyviolation` events and from the console. */
async function watchCsp(page: Page): Promise<Watch> {
  const watch: Watch = { console: [] };
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__cspViolations!.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
    });
  });
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) watch.console.push(message.text());
  });
  return watch;
}

async function expectNoViolations(page: Page, watch: Watch): Promise<void> {
  const reported = await page.evaluate(() => window.__cspViolations ?? []);
  expect({ url: page.url(), events: reported, console: watch.console }).toEqual({
    url: page.url(),
    events: [],
    console: [],
  });
}

function expectStaticHeaders(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(STATIC_HEADERS)) expect(headers[name], name).toBe(value);
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["permissions-policy"]).toContain("microphone=()");
  expect(headers["permissions-policy"]).toContain("geolocation=()");
  // APP_URL is http in e2e runs: no HSTS.
  expect(headers["strict-transport-security"]).toBeUndefined();
}

/** The policy from a response, after checking it is the one the app ships. */
function expectPolicy(headers: Record<string, string>): string {
  const policy = headers["content-security-policy"];
  expect(policy).toBeTruthy();
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
  expect(policy).not.toContain("unsafe-eval");
  for (const directive of [
    "default-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self';",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ]) {
    expect(policy).toContain(directive);
  }
  return policy;
}

/**
 * Opens `path`, checks its headers, that every script in the HTML carries this response's nonce,
 * waits for the page to settle and fails on any violation so far.
 */
async function visit(page: Page, watch: Watch, path: string, heading?: string | RegExp): Promise<Response> {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  expect(response!.status(), path).toBe(200);
  const headers = response!.headers();
  expectStaticHeaders(headers);
  const nonce = expectPolicy(headers).match(/'nonce-([^']+)'/)![1];
  const html = await response!.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, `${path} has scripts`).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
  if (heading) await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await expectNoViolations(page, watch);
  return response!;
}

async function expectRouteHeaders(response: APIResponse, withPolicy: boolean): Promise<void> {
  const headers = response.headers();
  expectStaticHeaders(headers);
  if (withPolicy) expectPolicy(headers);
}

test("a creator's pages, menus and dialogs run under the CSP without a single violation", async ({ page }) => {
  test.setTimeout(180_000);
  const watch = await watchCsp(page);
  // A campaign of the spec's own, so the dialogs and exports below touch no other spec's backers.
  const creatorEmail = newCreatorEmail();
  const campaign = await createE2eCampaign(creatorEmail, { backers: 3 });
  const project = { id: campaign.projectId };
  const backer = campaign.backers[2];
  const base = `/projects/${project.id}`;
  const run = randomUUID().slice(0, 8);

  await signIn(page, creatorEmail);
  await visit(page, watch, "/");
  await visit(page, watch, "/projects");
  await visit(page, watch, "/projects/new");
  await visit(page, watch, base);

  // Backer report with filters, the row ⋯ menu, the bulk bar and its dialog.
  await visit(page, watch, `${base}/backers?status=collected&sort=number&dir=desc`, "Backer report");
  await page.getByRole("button", { name: `Actions for ${backer.name}` }).click();
  await expect(page.getByRole("menuitem", { name: "Add tracking number" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByRole("checkbox", { name: `Select ${backer.name}`, exact: true }).check();
  const bar = page.getByRole("region", { name: "Selected backers" });
  await bar.getByRole("button", { name: "Add tracking numbers" }).click();
  const dialog = page.getByRole("dialog", { name: "Add tracking numbers" });
  await expect(dialog).toContainText("For the 1 backer you selected");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await bar.getByRole("button", { name: "Send digital reward" }).click();
  await expect(page.getByRole("dialog", { name: "Send digital reward" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expectNoViolations(page, watch);

  // Single-backer pages.
  await visit(page, watch, `${base}/backers/${backer.id}/tracking`);
  await page.getByRole("textbox", { name: "Tracking number" }).fill("986578788855");
  await expect(page.getByText("Detected carrier: FedEx.")).toBeVisible();
  await expectNoViolations(page, watch);
  await visit(page, watch, `${base}/backers/${backer.id}/digital-reward`);

  // Digital rewards: list, new (submitted, which lands on the reward's page), detail.
  await visit(page, watch, `${base}/digital-rewards`);
  await visit(page, watch, `${base}/digital-rewards/new`);
  const rewardName = `CSP soundtrack ${run}`;
  await page.getByLabel("Name").fill(rewardName);
  await page.getByRole("radio", { name: /^Shared access code/ }).check();
  await page.getByLabel(/Instructions for backers/).fill("Download it at https://example.com/ost.");
  await page.getByRole("button", { name: "Create digital reward" }).click();
  await expect(page.getByRole("heading", { name: rewardName, level: 1 })).toBeVisible();
  const rewardPath = new URL(page.url()).pathname;
  await expectNoViolations(page, watch);
  await visit(page, watch, rewardPath, rewardName);

  // Segments: list, advanced, incentives, new (saved), then the segment's own pages.
  await visit(page, watch, `${base}/segments`);
  await visit(page, watch, `${base}/segments/advanced`, "Advanced Segment Actions");
  await visit(page, watch, `${base}/segments/incentives`);
  await visit(page, watch, `${base}/segments/new`);
  const segmentName = `CSP physical tiers ${run}`;
  await page.getByLabel("Segment name").fill(segmentName);
  await page.getByRole("combobox", { name: "Add a condition" }).selectOption({ label: "Pledge level kind" });
  await page.getByTestId("segment-condition").nth(0).getByLabel("Physical", { exact: true }).check();
  await expect(page.getByTestId("segment-live-count")).not.toHaveText("");
  await page.getByRole("button", { name: "Save This Segment" }).click();
  await expect(page.getByRole("heading", { name: segmentName })).toBeVisible();
  const segmentPath = new URL(page.url()).pathname;
  expect(segmentPath).toMatch(/\/segments\/[0-9a-f-]{36}$/);
  await expectNoViolations(page, watch);
  await visit(page, watch, segmentPath);
  await visit(page, watch, `${segmentPath}/edit`);
  await visit(page, watch, `${segmentPath}/export`);
  await visit(page, watch, `${segmentPath}/segment-actions`);

  // Imports, activity, mail log.
  await visit(page, watch, `${base}/imports`);
  await visit(page, watch, `${base}/imports/new`);
  await visit(page, watch, `${base}/activity`);
  await visit(page, watch, `${base}/mail`);

  // Route handlers: a segment's SKU per Column and the report export (form posts, through the proxy).
  const csv = await page.request.post(`${segmentPath}/export/sku-per-column`, { headers: { origin: new URL(page.url()).origin }, form: {} });
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  await expectRouteHeaders(csv, true);
  const exported = await page.request.post(`${base}/backers/export`, {
    headers: { origin: new URL(page.url()).origin },
    form: { selection: JSON.stringify({ kind: "ids", ids: [backer.id] }) },
  });
  expect(exported.status()).toBe(200);
  expect(await exported.text()).toContain(backer.name);
  await expectRouteHeaders(exported, true);

  // The not-found page a non-member sees.
  const missing = await page.goto("/projects/00000000-0000-4000-8000-000000000000/backers");
  expect(missing!.status()).toBe(404);
  expectStaticHeaders(missing!.headers());
  expectPolicy(missing!.headers());
  await page.waitForLoadState("networkidle");
  await expectNoViolations(page, watch);
});

test("a backer's pledge summary and backing details run under the CSP", async ({ page }) => {
  const watch = await watchCsp(page);
  // A pledge of the test's own with everything its page shows: a tier item, a paid add-on, an address.
  const campaign = await createE2eCampaign(newCreatorEmail(), { backers: 1 });
  const { email, pledgeId, id: backerId } = campaign.backers[0];
  const pledge = { id: pledgeId };
  await withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      "INSERT INTO item (project_id, name, physical, is_add_on) VALUES ($1, 'Core box', true, false), ($1, 'Metal coins', true, true) RETURNING id",
      [campaign.projectId],
    );
    await client.query(
      `INSERT INTO cart_line (pledge_id, item_id, quantity, unit_price, source)
       VALUES ($1, $2, 1, 0, 'PLEDGE_LEVEL'), ($1, $3, 1, 1500, 'ADD_ON')`,
      [pledgeId, rows[0].id, rows[1].id],
    );
    await client.query("UPDATE backer SET shipping_city = 'Halifax', shipping_address_1 = '12 Harbour Road' WHERE id = $1", [backerId]);
  });
  await signIn(page, email);
  await visit(page, watch, "/pledges");
  await visit(page, watch, `/pledges/${pledge.id}`, campaign.name);
  await page.getByRole("link", { name: "Backing details" }).click();
  await expect(page).toHaveURL(new RegExp(`/pledges/${pledge.id}/backing-details$`));
  await expectNoViolations(page, watch);
  await visit(page, watch, `/pledges/${pledge.id}/backing-details`);
});

test("signed-out pages, the dev mailbox and the auth API carry the headers and satisfy the CSP", async ({ page }) => {
  const watch = await watchCsp(page);
  await assignClientAddress(page);
  await visit(page, watch, "/sign-in");
  // The test's own email for the dev mailbox to show: a sign-in link to a newcomer.
  const newcomer = `security-headers-newcomer-${randomUUID().slice(0, 8)}@example.com`;
  await page.getByLabel("Email address").fill(newcomer);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await expectNoViolations(page, watch);
  await visit(page, watch, "/sign-in/check-inbox?email=someone%40example.com", "Check your inbox");
  await visit(page, watch, "/dev/mailbox");
  // A rendered email, shown in a sandboxed srcdoc iframe that inherits the page's policy.
  let message = { id: "" };
  await expect(async () => {
    message = await queryOne<{ id: string }>("SELECT id FROM email_message WHERE to_email = $1 AND kind = 'sign-in'", [newcomer]);
  }).toPass({ timeout: 15_000 });
  await visit(page, watch, `/dev/mailbox/${message.id}`);
  await expect(page.frameLocator("iframe").locator("body")).not.toBeEmpty();
  await expectNoViolations(page, watch);

  const session = await page.request.get("/api/auth/get-session");
  expect(session.status()).toBe(200);
  await expectRouteHeaders(session, true);
  const notFound = await page.request.post("/projects/00000000-0000-4000-8000-000000000000/segments/x/export/sku-per-column", { form: {} });
  expectStaticHeaders(notFound.headers());

  // Static assets get the fixed headers but no per-request policy.
  const stylesheet = await page.locator('link[rel="stylesheet"]').first().getAttribute("href");
  const asset = await page.request.get(stylesheet!);
  expect(asset.status()).toBe(200);
  expectStaticHeaders(asset.headers());
  expect(asset.headers()["content-security-policy"]).toBeUndefined();
});

test("the session cookie of a real sign-in is HttpOnly and SameSite=Lax", async ({ page }) => {
  await signIn(page, newCreatorEmail());
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name.endsWith("session_token"));
  expect(session).toBeDefined();
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  // INSECURE_COOKIES=1 (plain-http e2e) drops only Secure.
  expect(session!.secure).toBe(false);
  expect(await page.evaluate(() => document.cookie)).not.toContain("session_token");
});
