import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import Papa from "papaparse";
import { createE2eCampaign } from "./support/create-campaign";
import { queryOne } from "./support/demo";
import { signIn } from "./support/sign-in";

/** The spec's own creator: their account comes with their campaign (createE2eCampaign). */
const CREATOR_EMAIL = "tracking-creator@example.com";

async function openReport(page: Page, projectId: string) {
  await signIn(page, CREATOR_EMAIL);
  await page.goto(`/projects/${projectId}/backers`);
  await expect(page.getByRole("heading", { name: "Backer report", level: 1 })).toBeVisible();
}

test("select backers, download the template, fill and upload it, preview, apply; the backer sees the number", async ({ page }, testInfo) => {
  // A campaign of the spec's own: its backers have nothing sent, whatever other specs do meanwhile.
  const tag = randomBytes(4).toString("hex");
  const campaign = await createE2eCampaign(CREATOR_EMAIL, { backers: 3, name: `Tidewater Tracking ${tag}` });
  const project = { id: campaign.projectId };
  const toCandidate = (b: (typeof campaign.backers)[number]) => ({ ...b, backer_number: b.backerNumber, pledge_id: b.pledgeId });
  const [second, first] = campaign.backers.map(toCandidate);
  const numbers = new Map([
    [first.backer_number, "1Z999AA10123456784"],
    [second.backer_number, "9400 1112 0255 5842 3326 69"],
  ]);

  await openReport(page, project.id);
  await page.getByRole("checkbox", { name: `Select ${first.name}`, exact: true }).check();
  await page.getByRole("checkbox", { name: `Select ${second.name}`, exact: true }).check();
  const bar = page.getByRole("region", { name: "Selected backers" });
  await expect(bar.getByTestId("selection-count")).toHaveText("2 backers selected");
  await bar.getByRole("button", { name: "Add tracking numbers" }).click();

  const dialog = page.getByRole("dialog", { name: "Add tracking numbers" });
  await expect(dialog).toContainText("For the 2 backers you selected");

  // The template: BOM, CRLF, one row per selected backer, empty tracking columns.
  const downloadPromise = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Download CSV template" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(`tracking-numbers-tidewater-tracking-${tag}.csv`);
  const text = (await readFile(await download.path())).toString("utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
  expect(parsed.data[0]).toEqual(["Backer Number", "Email", "Name", "Reward", "Shipping Country", "Tracking Number", "Carrier (optional)", "Tracking URL (optional)"]);
  expect(parsed.data.slice(1).map((row) => [Number(row[0]), row[1], row[5]])).toEqual([
    [second.backer_number, second.email, ""],
    [first.backer_number, first.email, ""],
  ]);
  expect(text).toContain("\r\n");

  // Fill it as a spreadsheet would save it, and upload it.
  const filled = [parsed.data[0], ...parsed.data.slice(1).map((row) => [...row.slice(0, 5), numbers.get(Number(row[0]))!, "", ""])];
  const file = testInfo.outputPath("tracking-filled.csv");
  await writeFile(file, `\uFEFF${Papa.unparse(filled, { newline: "\r\n" })}\r\n`);
  await dialog.locator('input[type="file"]').setInputFiles(file);

  const preview = dialog.getByTestId("tracking-preview");
  await expect(preview).toBeVisible();
  await expect(preview.getByText("Get a new number").locator("..")).toContainText("2");
  await expect(preview).toContainText("2 rows read; 2 packages to add and 2 backers to email.");
  await expect(dialog.getByRole("checkbox", { name: "Skip backers who already have a tracking number" })).not.toBeChecked();
  await page.screenshot({ path: testInfo.outputPath("tracking-preview-desktop.png"), fullPage: true });

  await dialog.getByRole("button", { name: "Add tracking numbers (2 backers)" }).click();
  await expect(dialog.getByText("Tracking numbers added")).toBeVisible({ timeout: 20_000 });
  await expect(dialog).toContainText("2 backers got a tracking number. 2 emails are on the way.");
  await dialog.getByRole("button", { name: "Done" }).click();

  // Bulk messages keep only their values next to a shared template (lib/mail).
  const email = await queryOne<{ subject: string; content: string }>(
    "SELECT subject, coalesce(nullif(text, ''), template_values::text) AS content FROM email_message WHERE kind = 'tracking-shipped' AND to_email = $1",
    [first.email],
  );
  expect(email.subject).toBe(`Your reward from ${campaign.name} has shipped`);
  expect(email.content).toContain("1Z999AA10123456784");
  expect(email.content).toContain(`/pledges/${first.pledge_id}/backing-details`);

  // The same file again changes nothing.
  await bar.getByRole("button", { name: "Add tracking numbers" }).click();
  await dialog.locator('input[type="file"]').setInputFiles(file);
  await expect(dialog.getByTestId("tracking-preview")).toContainText("Nothing to add: every number in this file is already saved");
  await expect(dialog.getByRole("button", { name: "Add tracking numbers" })).toBeDisabled();
  await page.keyboard.press("Escape");

  // The backer signs in and finds the number on Backing details.
  await page.context().clearCookies();
  await signIn(page, first.email);
  await page.goto(`/pledges/${first.pledge_id}`);
  await page.getByRole("link", { name: "Backing details" }).click();
  await expect(page.getByText("Your reward has been shipped")).toBeVisible();
  await expect(page.getByTestId("tracking-number")).toHaveText("1Z999AA10123456784");
  await expect(page.getByText("UPS", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: /Track shipment/ })).toHaveAttribute("href", "https://www.ups.com/track?tracknum=1Z999AA10123456784");
  await page.screenshot({ path: testInfo.outputPath("backing-details-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: testInfo.outputPath("backing-details-375.png"), fullPage: true });
});

test("one backer: the row menu's Add tracking number detects the carrier and can replace the number", async ({ page }, testInfo) => {
  const campaign = await createE2eCampaign(CREATOR_EMAIL, { backers: 2 });
  const project = { id: campaign.projectId };
  const backer = campaign.backers[0];
  await openReport(page, project.id);
  await page.getByRole("button", { name: `Actions for ${backer.name}` }).click();
  await page.getByRole("menuitem", { name: "Add tracking number" }).click();
  await expect(page.getByRole("heading", { name: `Add tracking number for ${backer.name}` })).toBeVisible();

  await page.getByRole("textbox", { name: "Tracking number" }).fill("986578788855");
  await expect(page.getByText("Detected carrier: FedEx.")).toBeVisible();
  // A link that would run script in the backer's browser is refused on the field, and nothing is saved.
  await page.getByRole("textbox", { name: /Tracking URL/ }).fill("javascript://example.com/%0Aalert(document.cookie)");
  await page.getByRole("button", { name: "Add tracking number" }).click();
  await expect(page.getByText("This is not a web address. Paste the full link, starting with https://, or leave it empty.")).toBeVisible();
  await expect(page.getByText("Tracking number added")).toBeHidden();
  const saved = await queryOne<{ n: number }>("SELECT count(*)::int AS n FROM shipment WHERE pledge_id = $1", [backer.pledgeId]);
  expect(saved.n).toBe(0);
  await page.getByRole("textbox", { name: /Tracking URL/ }).fill("");
  await page.getByRole("button", { name: "Add tracking number" }).click();
  await expect(page.getByText("Tracking number added")).toBeVisible();

  await page.getByRole("textbox", { name: "Tracking number" }).fill("RA123456785CA");
  await expect(page.getByText("Detected carrier: Canada Post.")).toBeVisible();
  await page.getByRole("radio", { name: /Replace it/ }).check();
  await page.getByRole("button", { name: "Add tracking number" }).click();
  await expect(page.getByText(/RA123456785CA \(Canada Post\) is saved for .*, replacing the previous number/)).toBeVisible();
  const history = page.getByRole("list", { name: "Tracking history" });
  await expect(history).toContainText("RA123456785CA");
  await expect(history).toContainText("Replaced");
  await page.screenshot({ path: testInfo.outputPath("single-backer-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: testInfo.outputPath("single-backer-375.png"), fullPage: true });
});
