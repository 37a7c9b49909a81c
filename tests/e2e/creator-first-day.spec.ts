import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, queryOne } from "./support/demo";
import { signIn } from "./support/sign-in";

const FIXTURES = path.resolve("tests/fixtures/kickstarter");

/** Set FIRST_DAY_SCREENSHOTS=<dir> to keep desktop and 375px screenshots of each page. */
async function screenshots(page: Page, name: string): Promise<void> {
  const dir = process.env.FIRST_DAY_SCREENSHOTS;
  if (!dir) return;
  const desktop = page.viewportSize();
  await page.screenshot({ path: path.join(dir, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: path.join(dir, `${name}-375.png`), fullPage: true });
  if (desktop) await page.setViewportSize(desktop);
}

async function createProject(page: Page, name: string, platform?: string): Promise<string> {
  await page.goto("/projects/new");
  await page.getByLabel("Project name").fill(name);
  if (platform) await page.getByLabel("Crowdfunding platform").selectOption({ label: platform });
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: "Import your backers" })).toBeVisible();
  return /\/projects\/([0-9a-f-]{36})\/imports$/.exec(new URL(page.url()).pathname)![1];
}

const csvFile = (name: string, lines: string[]) => ({
  name,
  mimeType: "text/csv",
  buffer: Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`),
});

test("every page has an icon, and the icons answer", async ({ page, request }) => {
  await page.goto("/sign-in");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const svg = await request.get(href!);
  expect(svg.status()).toBe(200);
  expect(svg.headers()["content-type"]).toContain("image/svg+xml");
  const apple = await page.locator('link[rel="apple-touch-icon"]').first().getAttribute("href");
  const png = await request.get(apple!);
  expect(png.status()).toBe(200);
  expect(png.headers()["content-type"]).toContain("image/png");
});

test("a Gamefound export goes straight to matching columns, without a red error", async ({ page }) => {
  await signIn(page, DEMO.creatorEmail);
  const projectId = await createProject(page, `Gamefound ${Date.now()}`, "Gamefound");
  await page.getByLabel("Backer report file").setInputFiles(
    csvFile("gamefound-orders.csv", [
      "Order ID,Backer ID,Email,Name,Reward,Pledge value,Currency,Payment status,Created at,Country",
      "GF-1001,55001,ada@example.com,Ada Lovelace,Core Box,59.00,USD,Paid,2024-03-02 10:15,US",
    ]),
  );
  await expect(page.getByRole("button", { name: "Preview with these columns" })).toBeVisible();
  await expect(page.getByText(/not a Kickstarter backer report/)).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Steps" }).locator('[aria-current="step"]')).toHaveText(/Match columns/);
  await screenshots(page, "gamefound-mapping");
  // Going on to the mapping step is not a rejected import.
  const { count } = await queryOne<{ count: number }>(
    "SELECT count(*)::int AS count FROM import WHERE project_id = $1 AND status = 'REJECTED' AND NOT coalesce((summary->>'awaitingMapping')::boolean, false)",
    [projectId],
  );
  expect(count).toBe(0);
});

test("importing the same report again says every backer is up to date; a tracking template is named", async ({ page }) => {
  await signIn(page, DEMO.creatorEmail);
  const projectId = await createProject(page, `Re-import ${Date.now()}`);
  const report = path.join(FIXTURES, "current-generation.csv");
  await page.getByLabel("Backer report file").setInputFiles(report);
  await page.getByRole("button", { name: "Import 5 backers" }).click();
  await expect(page.getByRole("heading", { name: "Backers imported" })).toBeVisible({ timeout: 30_000 });

  await page.getByRole("button", { name: "Import another file" }).click();
  await page.getByLabel("Backer report file").setInputFiles(report);
  await expect(page.getByText("All 5 backers in this file are up to date: there is nothing to import.")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Import 0/ })).toHaveCount(0);
  await screenshots(page, "import-up-to-date");

  await page.getByRole("button", { name: "Choose another file" }).click();
  await page.getByLabel("Backer report file").setInputFiles(
    csvFile("tracking.csv", [
      "Backer Number,Email,Name,Reward,Shipping Country,Tracking Number,Carrier (optional),Tracking URL (optional)",
      "1,ada@example.com,Ada Lovelace,Early Bird,US,,,",
    ]),
  );
  await expect(page.getByText(/tracking\.csv looks like a tracking-number file/).first()).toBeVisible();
  await screenshots(page, "import-tracking-template");

  // A digital-only pledge: the single-backer tracking page warns before a number is added.
  const { backer_id } = await queryOne<{ backer_id: string }>(
    `UPDATE pledge_level SET kind = 'DIGITAL' WHERE project_id = $1 AND name = 'Early Bird'
     RETURNING (SELECT b.id FROM backer b WHERE b.project_id = $1 AND b.backer_number = 1) AS backer_id`,
    [projectId],
  );
  await page.goto(`/projects/${projectId}/backers/${backer_id}/tracking`);
  await expect(page.getByText("This pledge ships nothing")).toBeVisible();
  await screenshots(page, "tracking-digital-only");

  // A leads list: how many are backers, and who is not.
  await page.goto(`/projects/${projectId}/segments/advanced`);
  const leads = page.locator("form").filter({ hasText: "Import leads" });
  await leads.getByLabel("List name").fill("Spring leads");
  await leads.getByLabel("CSV file").setInputFiles(csvFile("leads.csv", ["Email", "grace@example.com", "zed@example.net"]));
  await leads.getByRole("button", { name: "Import leads" }).click();
  await expect(leads.getByTestId("contact-list-counts")).toContainText("Backers of this project: 1");
  await expect(leads.getByText(/Not backers: zed@example\.net/)).toBeVisible();
  await expect(leads.getByRole("link", { name: /Download this email/ })).toBeVisible();
  await screenshots(page, "contact-list-counts");
  await page.goto(`/projects/${projectId}/imports`);
  await expect(page.getByText("2 emails · 1 backer · 1 not a backer")).toBeVisible();
  await screenshots(page, "imports-history");
});

test("a list without dates or statuses asks for them; an undone gift, a second package and the navigation say what they mean", async ({ page }) => {
  await signIn(page, DEMO.creatorEmail);
  const projectId = await createProject(page, `Leads import ${Date.now()}`, "Gamefound");
  const stamp = Date.now();
  const ada = `ada.${stamp}@example.com`;
  await page.getByLabel("Backer report file").setInputFiles(
    csvFile("leads-list.csv", ["Email,Name", `${ada},Ada Byron`, `grace.${stamp}@example.com,Grace Hopper`]),
  );
  await page.getByRole("button", { name: "Preview with these columns" }).click();
  // The preview asks what the new pledges get instead of dating them silently.
  await expect(page.getByRole("group", { name: "New pledges without a date or status" })).toBeVisible();
  await expect(page.getByLabel("Pledge date of 2 new pledges")).toBeVisible();
  await page.getByLabel("Payment status of 2 new pledges").selectOption("FAILED");
  await page.getByLabel("Pledge date of 2 new pledges").fill("2024-03-01");
  await screenshots(page, "import-new-pledge-defaults");
  await page.getByRole("button", { name: "Import 2 backers" }).click();
  await expect(page.getByRole("heading", { name: "Backers imported" })).toBeVisible({ timeout: 30_000 });
  const imported = await queryOne<{ statuses: string; days: string; backer_id: string; pledge_id: string }>(
    `SELECT string_agg(DISTINCT p.status::text, ',') AS statuses,
            string_agg(DISTINCT to_char(p.pledged_at AT TIME ZONE pr.time_zone, 'YYYY-MM-DD'), ',') AS days,
            (array_agg(b.id::text) FILTER (WHERE b.email = $2))[1] AS backer_id,
            (array_agg(p.id::text) FILTER (WHERE b.email = $2))[1] AS pledge_id
       FROM pledge p JOIN backer b ON b.id = p.backer_id JOIN project pr ON pr.id = p.project_id
      WHERE p.project_id = $1`,
    [projectId, ada],
  );
  expect(imported).toMatchObject({ statuses: "FAILED", days: "2024-03-01" });

  // A pledge without a reward says so; not "no items" for a tier that has them.
  await page.goto(`/projects/${projectId}/backers/${imported.backer_id}`);
  await expect(page.getByText("No reward: this pledge has nothing to deliver.")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" })).toHaveAttribute("aria-current", "page");

  // Undoing a credit: the question says what becomes of the emails; the pledge summary explains it.
  await queryOne(
    `WITH i AS (INSERT INTO incentive (project_id, name, kind, credit_amount) VALUES ($1, 'Spring thanks', 'CREDIT', 500) RETURNING id),
          g AS (INSERT INTO incentive_grant (incentive_id, pledge_id) SELECT i.id, $2 FROM i RETURNING id)
     INSERT INTO credit_entry (pledge_id, amount, reason, incentive_grant_id)
     SELECT $2, 500, 'Complimentary credit: Spring thanks', g.id FROM g RETURNING id`,
    [projectId, imported.pledge_id],
  );
  await page.goto(`/projects/${projectId}/segments/incentives`);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByText(/Emails already sent about it stay in backers' inboxes, and no email is sent about the undo/)).toBeVisible();
  await screenshots(page, "incentive-undo-confirm");
  await page.getByRole("button", { name: "Confirm" }).click();
  // The undo runs as a job; when it is done the incentive's card says so (its Undo button is gone).
  await expect(page.getByText("Undone", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Undo" })).toHaveCount(0);
  await page.goto(`/projects/${projectId}/backers/${imported.backer_id}/backing-details`);
  const credit = page.getByRole("region", { name: "Credit and free items" });
  await expect(credit.getByText("“Spring thanks” was undone")).toBeVisible();
  await expect(credit.getByText("Later undone (see below).")).toBeVisible();
  await screenshots(page, "backing-details-undone-credit");

  // A second package: the form says what adding it means and what the email will say.
  await page.goto(`/projects/${projectId}/backers/${imported.backer_id}/tracking`);
  await page.getByLabel("Tracking number").fill("1Z999AA10123456784");
  await page.getByRole("button", { name: "Add tracking number" }).click();
  await expect(page.getByText(/is saved for/)).toBeVisible();
  await page.getByLabel("Tracking number").fill("9400111202555842332669");
  await page.getByRole("radio", { name: /Add another package/ }).check();
  await expect(page.getByText("The backer keeps 1Z999AA10123456784 and gets the new number as package 2 of 2.")).toBeVisible();
  await expect(page.getByText(/gets an email saying this is package 2 of 2/)).toBeVisible();
  await screenshots(page, "tracking-second-package");
  await page.getByRole("button", { name: "Add tracking number" }).click();
  await expect(page.getByText(/as package 2\./)).toBeVisible();

  // The segment description box shows what is typed, not one cut-off line.
  await page.goto(`/projects/${projectId}/segments/new`);
  const description = page.getByLabel("Description");
  await description.fill("Backers who joined from the spring newsletter and the partner campaign, for the thank-you postcard.");
  expect(await description.evaluate((box) => box.scrollHeight <= box.clientHeight + 1)).toBe(true);
  await screenshots(page, "segment-description");

  // A backer who runs no project sees no Projects link.
  await page.context().clearCookies();
  await signIn(page, ada);
  await page.goto("/pledges");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Your pledges" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Projects", exact: true })).toHaveCount(0);
});
