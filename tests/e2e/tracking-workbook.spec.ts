import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, queryOne } from "./support/demo";
import { signIn } from "./support/sign-in";

async function createProject(page: Page, name: string): Promise<string> {
  await page.goto("/projects/new");
  await page.getByLabel("Project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: "Import your backers" })).toBeVisible();
  const match = /\/projects\/([0-9a-f-]{36})\/imports$/.exec(new URL(page.url()).pathname);
  expect(match, `unexpected URL ${page.url()}`).not.toBeNull();
  return match![1];
}

test("Excel users: download the .xlsx template, fill it with long numbers as text, upload, preview, apply; the backer's email arrives", async ({
  page,
}, testInfo) => {
  const stamp = Date.now();
  const backers = [
    { number: 301, name: "Mary Somerville", email: `mary-${stamp}@example.com`, tracking: "9400111202555842332669" },
    { number: 302, name: "Hedy Lamarr", email: `hedy-${stamp}@example.com`, tracking: "1Z999AA10123456784" },
  ];
  await signIn(page, DEMO.creatorEmail);
  const projectId = await createProject(page, `Workbook tracking ${stamp}`);
  const report = [
    "Backer Number,Backer UID,Backer Name,Email,Shipping Country,Shipping Amount,Reward Minimum,Reward ID,Pledge Amount,Pledged At,Rewards Sent?,Pledged Status,Notes",
    ...backers.map(
      (b) =>
        `${b.number},${b.number}9,${b.name},${b.email},US,$8.00 USD,$25.00 USD,7001,$33.00 USD,"2026/03/01, 10:00",No,collected,`,
    ),
  ].join("\r\n");
  await page
    .getByLabel("Backer report file")
    .setInputFiles({ name: "backers.csv", mimeType: "text/csv", buffer: Buffer.from(report) });
  await page.getByRole("button", { name: "Import 2 backers" }).click();
  await expect(page.getByRole("heading", { name: "Backers imported" })).toBeVisible({ timeout: 30_000 });

  await page.goto(`/projects/${projectId}/backers`);
  for (const b of backers) await page.getByRole("checkbox", { name: `Select ${b.name}`, exact: true }).check();
  const bar = page.getByRole("region", { name: "Selected backers" });
  await bar.getByRole("button", { name: "Add tracking numbers" }).click();
  const dialog = page.getByRole("dialog", { name: "Add tracking numbers" });
  await expect(dialog).toContainText("Excel: use the Excel template.");
  await expect(dialog).toContainText("Numbers or Google Sheets: use the CSV template");
  await page.screenshot({ path: testInfo.outputPath("tracking-dialog-templates.png"), fullPage: true });

  const downloadPromise = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Download Excel template (.xlsx)" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(`tracking-numbers-workbook-tracking-${stamp}.xlsx`);

  // The template as Excel opens it: a frozen header, the tracking columns typed as Text.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  const sheet = workbook.worksheets[0];
  expect(sheet.name).toBe("Tracking numbers");
  expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(sheet.getRow(1).values).toEqual([
    undefined,
    "Backer Number",
    "Email",
    "Name",
    "Reward",
    "Shipping Country",
    "Tracking Number",
    "Carrier (optional)",
    "Tracking URL (optional)",
  ]);
  for (const column of [6, 7, 8]) expect(sheet.getColumn(column).numFmt).toBe("@");
  expect([sheet.getCell("A2").value, sheet.getCell("B2").value, sheet.getCell("A3").value]).toEqual([
    301,
    backers[0].email,
    302,
  ]);

  // Fill it as an Excel user would: the numbers typed into the Text column stay text.
  for (const [index, b] of backers.entries()) sheet.getCell(`F${index + 2}`).value = b.tracking;
  // ...and, as fulfilment centres do, a notes sheet in front of it.
  const notes = workbook.addWorksheet("Read me");
  // exceljs orders sheets by this (untyped) field; below the template's sheet puts the notes first.
  (notes as ExcelJS.Worksheet & { orderNo: number }).orderNo = -1;
  notes.addRow(["Shipped by Harbour Fulfilment, December batch"]);
  const filled = testInfo.outputPath("tracking-filled.xlsx");
  await workbook.xlsx.writeFile(filled);
  await dialog.locator('input[type="file"]').setInputFiles(filled);

  // The first sheet is read until the creator chooses the one with the tracking numbers.
  const sheetChoice = dialog.getByLabel("Sheet to read");
  await expect(sheetChoice).toHaveValue("Read me", { timeout: 20_000 });
  await expect(dialog).toContainText('tracking-filled.xlsx › Read me has no "Tracking Number" column');
  await expect(dialog).toContainText("This workbook has 2 sheets; choose the one with the tracking numbers.");
  await page.screenshot({ path: testInfo.outputPath("tracking-sheet-choice.png"), fullPage: true });
  await sheetChoice.selectOption("Tracking numbers");

  const preview = dialog.getByTestId("tracking-preview");
  await expect(preview).toContainText("2 rows read; 2 packages to add and 2 backers to email.");
  await page.screenshot({ path: testInfo.outputPath("tracking-preview-xlsx.png"), fullPage: true });
  await dialog.getByRole("button", { name: "Add tracking numbers (2 backers)" }).click();
  await expect(dialog).toContainText("2 backers got a tracking number. 2 emails are on the way.", { timeout: 20_000 });
  await dialog.getByRole("button", { name: "Done" }).click();

  const saved = await queryOne<{ tracking_number: string }>(
    "SELECT s.tracking_number FROM shipment s JOIN pledge p ON p.id = s.pledge_id JOIN backer b ON b.id = p.backer_id WHERE b.project_id = $1 AND b.email = $2",
    [projectId, backers[0].email],
  );
  expect(saved.tracking_number).toBe("9400111202555842332669");

  // The backer's email, as delivered to the dev mailbox: every digit of the 22-digit number.
  await page.goto("/dev/mailbox");
  const message = page.locator('a[href^="/dev/mailbox/"]').filter({ hasText: backers[0].email }).first();
  await expect(async () => {
    await page.reload();
    await expect(message).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await message.click();
  await expect(page.getByText(/has shipped/).first()).toBeVisible();
  await expect(page.locator("body")).toContainText("9400111202555842332669");
});
