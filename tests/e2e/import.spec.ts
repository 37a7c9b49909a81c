import path from "node:path";
import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, queryOne } from "./support/demo";
import { signIn } from "./support/sign-in";

const FIXTURES = path.resolve("tests/fixtures/kickstarter");

/** Set IMPORT_SCREENSHOTS=<dir> to keep desktop and 375px screenshots of each step. */
async function screenshots(page: Page, name: string): Promise<void> {
  const dir = process.env.IMPORT_SCREENSHOTS;
  if (!dir) return;
  const desktop = page.viewportSize();
  await page.screenshot({ path: path.join(dir, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: path.join(dir, `${name}-375.png`), fullPage: true });
  if (desktop) await page.setViewportSize(desktop);
}

async function backerCount(projectId: string): Promise<number> {
  const { count } = await queryOne<{ count: number }>("SELECT count(*)::int AS count FROM backer WHERE project_id = $1", [projectId]);
  return count;
}

async function createProject(page: Page, name: string): Promise<string> {
  await page.goto("/projects/new");
  await page.getByLabel("Project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  // A new project opens on its first step: importing the backers.
  await expect(page.getByRole("heading", { name: "Import your backers" })).toBeVisible();
  const match = /\/projects\/([0-9a-f-]{36})\/imports$/.exec(new URL(page.url()).pathname);
  expect(match, `unexpected URL ${page.url()}`).not.toBeNull();
  return match![1];
}

test("a creator creates a project and imports Kickstarter's per-reward ZIP", async ({ page }) => {
  await signIn(page, DEMO.creatorEmail);
  const projectId = await createProject(page, `Import test ${Date.now()}`);
  await screenshots(page, "import-upload");

  await page.getByLabel("Backer report file").setInputFiles(path.join(FIXTURES, "backer-report.zip"));

  await expect(page.getByText("Check the preview, then import")).toBeVisible();
  const added = page.getByRole("definition").filter({ hasText: /^3$/ });
  await expect(page.getByText("Will be added")).toBeVisible();
  await expect(added.first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Pledge levels to create (2)" })).toBeVisible();
  await expect(page.getByText("Early Bird", { exact: true })).toBeVisible();
  await expect(page.getByText("Collector's Edition", { exact: true })).toBeVisible();
  // The preview changed nothing yet.
  expect(await backerCount(projectId)).toBe(0);
  await screenshots(page, "import-preview");

  await page.getByRole("button", { name: "Import 3 backers" }).click();
  await expect(page.getByRole("heading", { name: "Backers imported" })).toBeVisible({ timeout: 30_000 });
  expect(await backerCount(projectId)).toBe(3);
  await screenshots(page, "import-result");

  await page.getByRole("link", { name: "Open the backer report" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/backers`));
  for (const name of ["Mary Somerville", "Charles Babbage", "Hedy Lamarr"]) {
    await expect(page.getByRole("cell", { name }).or(page.getByRole("link", { name })).first()).toBeVisible();
  }

  // The history lists the import with its counts and who did it.
  await page.goto(`/projects/${projectId}/imports`);
  const row = page.getByRole("row").filter({ hasText: "backer-report.zip" });
  await expect(row).toContainText("Imported");
  await expect(row).toContainText("3 added · 0 updated · 0 unchanged");
  await screenshots(page, "import-history");

  // The confirm ran as a job: Activity lists it with its counts.
  await page.goto(`/projects/${projectId}/activity`);
  await expect(page.getByTestId("project-job-row").filter({ hasText: "Import backers from backer-report.zip" })).toContainText(
    "3 backers added, 0 updated, 0 unchanged. 2 new pledge levels.",
  );
});

test("a file without an Email column is refused with the columns found and missing, and changes nothing", async ({ page }) => {
  await signIn(page, DEMO.creatorEmail);
  const projectId = await createProject(page, `Bad import test ${Date.now()}`);

  const withoutEmail = [
    "Backer Number,Backer UID,Backer Name,Shipping Country,Shipping Amount,Reward Minimum,Reward ID,Pledge Amount,Pledged At,Rewards Sent?,Pledged Status,Notes",
    '101,55501,Mary Somerville,GB,$8.00 USD,$25.00 USD,7001,$33.00 USD,"2016/03/01, 10:00",Yes,collected,',
  ].join("\r\n");
  await page.getByLabel("Backer report file").setInputFiles({ name: "backers.csv", mimeType: "text/csv", buffer: Buffer.from(withoutEmail) });

  const alert = page.getByRole("alert").filter({ hasText: "nothing was changed" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("is missing the columns Email");
  await expect(alert).toContainText("Columns found: Backer Number, Backer UID, Backer Name");
  // The column-mapping step is offered, with the email select left for the creator to choose.
  await expect(page.getByRole("combobox", { name: "Email (required)" })).toHaveValue("");
  expect(await backerCount(projectId)).toBe(0);
  await screenshots(page, "import-mapping");

  // A file with row problems: every problem with its row, column, value and fix; nothing imported.
  await page.getByRole("button", { name: "Choose another file" }).click();
  await page.getByLabel("Backer report file").setInputFiles(path.join(FIXTURES, "invalid-emails.csv"));
  await expect(page.getByText("This file cannot be imported — nothing was changed")).toBeVisible();
  await expect(page.getByText('"ada at example.com" is not a valid email address.')).toBeVisible();
  await expect(page.getByRole("button", { name: /^Import \d/ })).toHaveCount(0);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download as CSV" }).click();
  expect((await download).suggestedFilename()).toBe("import-problems.csv");
  await screenshots(page, "import-problems");
  expect(await backerCount(projectId)).toBe(0);
});

test("another platform's file goes through the column-mapping step and imports", async ({ page }) => {
  await signIn(page, DEMO.creatorEmail);
  const projectId = await createProject(page, `Mapped import test ${Date.now()}`);
  const sheet = ["Full name,E-mail,Amount Paid,Tier,Mug", "Grace Hopper,grace@example.com,49.00,Early Bird,2", "Alan Turing,alan@example.com,25.00,Digital,0"].join("\n");
  await page.getByLabel("Backer report file").setInputFiles({ name: "gamefound.csv", mimeType: "text/csv", buffer: Buffer.from(sheet) });

  // The suggestions are filled in; the creator adds the item column and previews again.
  await expect(page.getByRole("heading", { name: "Match the columns of gamefound.csv" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Email (required)" })).toHaveValue("E-mail");
  await expect(page.getByRole("combobox", { name: "Backer name" })).toHaveValue("Full name");
  await expect(page.getByRole("combobox", { name: "Pledge amount" })).toHaveValue("Amount Paid");
  await page.getByRole("checkbox", { name: "Mug" }).check();
  await page.getByRole("button", { name: "Preview with these columns" }).click();

  await expect(page.getByText("Check the preview, then import")).toBeVisible();
  await expect(page.getByText("Columns matched by you")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Items to create (1)" })).toBeVisible();
  await page.getByRole("button", { name: "Import 2 backers" }).click();
  await expect(page.getByRole("heading", { name: "Backers imported" })).toBeVisible({ timeout: 30_000 });
  const { count } = await queryOne<{ count: number }>(
    `SELECT count(*)::int AS count FROM cart_line c JOIN pledge p ON p.id = c.pledge_id JOIN backer b ON b.id = p.backer_id
      WHERE b.project_id = $1 AND b.email = 'grace@example.com' AND c.quantity = 2`,
    [projectId],
  );
  expect(count).toBe(1);
  expect(await backerCount(projectId)).toBe(2);
});

test("a workbook with a notes sheet in front: the creator chooses the sheet with the backers and imports it", async ({ page }) => {
  await signIn(page, DEMO.creatorEmail);
  const projectId = await createProject(page, `Workbook import test ${Date.now()}`);
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Notes").addRow(["Backers who pledged at the convention"]);
  const backers = workbook.addWorksheet("Backers");
  backers.addRow(["Email", "Name"]);
  backers.addRow(["ada@example.com", "Ada Lovelace"]);
  backers.addRow(["grace@example.com", "Grace Hopper"]);
  await page.getByLabel("Backer report file").setInputFiles({
    name: "convention.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
  });

  // The first sheet was read; the creator is offered the other one.
  const sheetChoice = page.getByRole("combobox", { name: "Sheet to read" });
  await expect(sheetChoice).toHaveValue("Notes");
  await expect(page.getByText("convention.xlsx has 2 sheets; choose the one with the backers.")).toBeVisible();
  await screenshots(page, "import-workbook-sheets");
  await sheetChoice.selectOption("Backers");

  await expect(page.getByRole("heading", { name: "Match the columns of convention.xlsx › Backers" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Email (required)" })).toHaveValue("Email");
  await expect(sheetChoice).toHaveValue("Backers");
  await page.getByRole("button", { name: "Preview with these columns" }).click();

  await expect(page.getByText("Check the preview, then import")).toBeVisible();
  await expect(sheetChoice).toHaveValue("Backers");
  expect(await backerCount(projectId)).toBe(0);
  await page.getByRole("button", { name: "Import 2 backers" }).click();
  await expect(page.getByRole("heading", { name: "Backers imported" })).toBeVisible({ timeout: 30_000 });
  const { emails } = await queryOne<{ emails: string[] }>(
    "SELECT array_agg(email ORDER BY email) AS emails FROM backer WHERE project_id = $1",
    [projectId],
  );
  expect(emails).toEqual(["ada@example.com", "grace@example.com"]);
});
