import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import Papa from "papaparse";
import pg from "pg";
import { createE2eCampaign, type E2eCampaign } from "./support/create-campaign";
import { signIn } from "./support/sign-in";

async function queryAll<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const CREATOR_EMAIL = "backer-report-creator@example.com";
const OUTSIDER_EMAIL = "backer-report-outsider@example.com";

/** The filtered view the test works with: collected pledges of one level, enough for two pages. */
const LEVEL = "Core Game";

/**
 * The spec's own campaign: 160 backers, about two thirds on the Core Game level and the rest on
 * Deluxe, every fifth payment errored, amounts spread with ties (so sorting has to break them).
 * The owner signs in first, in a browser of their own, so their user row exists.
 */
let campaign: E2eCampaign | undefined;
async function reportCampaign(page: Page): Promise<E2eCampaign> {
  await signIn(page, CREATOR_EMAIL);
  if (campaign) return campaign;
  const created = await createE2eCampaign(CREATOR_EMAIL, { backers: 160 });
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      "INSERT INTO pledge_level (project_id, name, price, kind) VALUES ($1, $2, 3500, 'PHYSICAL') RETURNING id",
      [created.projectId, LEVEL],
    );
    await client.query(
      `UPDATE pledge p SET pledge_level_id = CASE WHEN b.backer_number % 3 = 0 THEN p.pledge_level_id ELSE $2::uuid END,
              amount = 3500 + (b.backer_number * 37 % 20) * 100,
              status = CASE WHEN b.backer_number % 5 = 0 THEN 'ERRORED'::"PledgeStatus" ELSE 'COLLECTED'::"PledgeStatus" END
       FROM backer b WHERE b.id = p.backer_id AND p.project_id = $1`,
      [created.projectId, rows[0].id],
    );
  } finally {
    await client.end();
  }
  campaign = created;
  return created;
}
const FILTERED = `FROM backer b JOIN pledge p ON p.backer_id = b.id JOIN pledge_level pl ON pl.id = p.pledge_level_id
  WHERE b.project_id = $1 AND p.status = 'COLLECTED' AND pl.name = $2`;

async function emailsOnPage(page: Page): Promise<string[]> {
  // The row header holds the name, then the email.
  return page.locator("table tbody tr th span:nth-child(2)").allInnerTexts();
}

test("filter, select all matching, export the view as CSV, sort and page through the backer report", async ({ page }) => {
  const { projectId } = await reportCampaign(page);
  const project = { id: projectId };
  const [{ count: expected }] = await queryAll<{ count: number }>(`SELECT count(*)::int AS count ${FILTERED}`, [project.id, LEVEL]);
  expect(expected).toBeGreaterThan(50);
  expect(expected).toBeLessThan(100);

  await page.goto(`/projects/${project.id}/backers`);
  await expect(page.getByRole("heading", { name: "Backer report", level: 1 })).toBeVisible();

  // Filter: payment status collected and one pledge level.
  await page.getByText("Payment status:").click();
  await page.getByRole("checkbox", { name: "Collected", exact: true }).check();
  // Opening the next list closes the first; Escape closes the last, uncovering "Apply filters".
  await page.getByText("Pledge level:").click();
  await expect(page.getByRole("checkbox", { name: "Collected", exact: true })).toBeHidden();
  await page.getByRole("checkbox", { name: LEVEL, exact: true }).check();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=collected/);
  await expect(page).toHaveURL(/level=/);
  const pages = page.getByRole("navigation", { name: "Backer report pages" });
  await expect(pages).toContainText(`Showing 50 of ${expected} backers`);

  // Tick the page, then everything matching: the bar counts what the database counts.
  await page.getByRole("checkbox", { name: "Select all backers on this page" }).check();
  const bar = page.getByRole("region", { name: "Selected backers" });
  await expect(bar.getByTestId("selection-count")).toHaveText("50 backers selected");
  await bar.getByRole("button", { name: `Select all ${expected} backers matching this filter` }).click();
  await expect(bar.getByTestId("selection-count")).toHaveText(`All ${expected} backers matching this filter selected`);

  // Export: more than a page of backers is written by the worker, then offered in the dialog;
  // the file re-parses to exactly the filtered backers.
  await bar.getByRole("button", { name: "Export CSV" }).click();
  const exportDialog = page.getByRole("dialog", { name: "Export CSV" });
  const fileLink = exportDialog.getByRole("link", { name: /^Download e2e-campaign-/ });
  await expect(fileLink).toBeVisible({ timeout: 60_000 });
  const downloadPromise = page.waitForEvent("download");
  await fileLink.click();
  const download = await downloadPromise;
  await exportDialog.getByRole("button", { name: "Close" }).click();
  expect(download.suggestedFilename()).toMatch(/^e2e-campaign-[0-9a-f]{8}-backers-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await readFile(await download.path());
  const text = bytes.toString("utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain("\r\n");
  const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.data).toHaveLength(expected);
  const dbRows = await queryAll<{ email: string; backer_number: number }>(
    `SELECT b.email, b.backer_number ${FILTERED} ORDER BY b.backer_number`,
    [project.id, LEVEL],
  );
  expect(parsed.data.map((row) => row.Email)).toEqual(dbRows.map((row) => row.email));
  expect(parsed.data.map((row) => Number(row["Backer Number"]))).toEqual(dbRows.map((row) => row.backer_number));
  expect(new Set(parsed.data.map((row) => row["Payment Status"]))).toEqual(new Set(["collected"]));
  expect(new Set(parsed.data.map((row) => row["Pledge Level"]))).toEqual(new Set([LEVEL]));

  await bar.getByRole("button", { name: "Clear selection" }).click();
  await expect(bar).toBeHidden();

  // Sort by amount: the page is the database's first 50 by amount, ties by backer id.
  await page.getByRole("link", { name: /^Amount/ }).click();
  await expect(page).toHaveURL(/sort=amount/);
  const byAmount = await queryAll<{ email: string }>(`SELECT b.email ${FILTERED} ORDER BY p.amount ASC, b.id ASC`, [project.id, LEVEL]);
  await expect.poll(() => emailsOnPage(page)).toEqual(byAmount.slice(0, 50).map((row) => row.email));
  await expect(page.getByRole("columnheader", { name: /^Amount/ })).toHaveAttribute("aria-sort", "ascending");

  // Next and previous pages by keyset cursor.
  await pages.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect.poll(() => emailsOnPage(page)).toEqual(byAmount.slice(50, 100).map((row) => row.email));
  await expect(pages).toContainText(`Showing ${expected - 50} of ${expected} backers`);
  await pages.getByRole("link", { name: "← Previous" }).click();
  await expect(page).toHaveURL(/before=/);
  await expect.poll(() => emailsOnPage(page)).toEqual(byAmount.slice(0, 50).map((row) => row.email));
});

test("a member opens a backer's pledge summary from the row menu", async ({ page }) => {
  const own = await reportCampaign(page);
  const project = { id: own.projectId };
  const first = { name: own.backers[0].name, backer_number: own.backers[0].backerNumber, pledge_id: own.backers[0].pledgeId };
  await page.goto(`/projects/${project.id}/backers`);
  await page.getByRole("button", { name: `Actions for ${first.name}` }).click();
  await expect(page.getByRole("menuitem", { name: "Add tracking number" })).toHaveAttribute(
    "href",
    new RegExp(`/projects/${project.id}/backers/[0-9a-f-]{36}/tracking$`),
  );
  await page.getByRole("menuitem", { name: "View pledge summary" }).click();
  // Inside the project: its navigation, the way back to the report, "Projects" (not "Your pledges") current.
  const backerPage = new RegExp(`/projects/${project.id}/backers/[0-9a-f-]{36}$`);
  await expect(page).toHaveURL(backerPage);
  await expect(page.getByRole("heading", { name: `Pledge of ${first.name}`, level: 1 })).toBeVisible();
  await expect(page.getByText(new RegExp(`^Backer #${first.backer_number} · `))).toBeVisible();
  await expect(page.getByRole("heading", { name: "Payment status" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Your pledges" })).not.toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Backer report" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Backer report" })).toBeVisible();
  await page.getByRole("link", { name: "Backing details" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${project.id}/backers/[0-9a-f-]{36}/backing-details$`));
  // The backer's own address of the pledge takes a member to the same place.
  await page.goto(`/pledges/${first.pledge_id}`);
  await expect(page).toHaveURL(backerPage);
});

test("the export answers 404 to someone who is not a member of the project", async ({ page }) => {
  const own = await reportCampaign(page);
  const project = { id: own.projectId };
  await page.context().clearCookies();
  await signIn(page, OUTSIDER_EMAIL);
  const response = await page.request.post(`/projects/${project.id}/backers/export`, {
    form: { selection: JSON.stringify({ kind: "matching", filter: {} }), sort: "number", dir: "asc" },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(response.status()).toBe(404);
  expect(await response.text()).not.toContain("@");
});
