import { writeFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import Papa from "papaparse";
import pg from "pg";
import { createE2eCampaign } from "./support/create-campaign";
import { queryOne } from "./support/demo";
import { signIn } from "./support/sign-in";

/** The spec's own creator: their account comes with their campaign (createE2eCampaign). */
const CREATOR_EMAIL = "tracking-job-creator@example.com";

/*
 * "Add tracking numbers" runs as a job in the worker: the creator starts it, goes to another page
 * of the project, sees it running in the header, and finds the result on the Activity page; the
 * backer receives one email. The job is held at its start by taking the per-project lock the apply
 * takes (see lib/tracking/apply-tracking-upload.ts), so "running" is visible whatever the speed.
 */
test("a tracking apply runs as a job: running indicator on another page, the result on Activity, one email", async ({ page }, testInfo) => {
  const campaign = await createE2eCampaign(CREATOR_EMAIL, { backers: 1 });
  const backer = campaign.backers[0];
  const header = ["Backer Number", "Email", "Name", "Reward", "Shipping Country", "Tracking Number", "Carrier (optional)", "Tracking URL (optional)"];
  const file = testInfo.outputPath("tracking-job.csv");
  await writeFile(file, `\uFEFF${Papa.unparse([header, [String(backer.backerNumber), backer.email, backer.name, "Deluxe", "Canada", "1Z999AA10123456784", "", ""]], { newline: "\r\n" })}\r\n`);

  await signIn(page, CREATOR_EMAIL);
  await page.goto(`/projects/${campaign.projectId}/backers`);
  await page.getByRole("checkbox", { name: `Select ${backer.name}`, exact: true }).check();
  await page.getByRole("region", { name: "Selected backers" }).getByRole("button", { name: "Add tracking numbers" }).click();
  const dialog = page.getByRole("dialog", { name: "Add tracking numbers" });
  await dialog.locator('input[type="file"]').setInputFiles(file);
  await expect(dialog.getByTestId("tracking-preview")).toContainText("1 row read");

  const lock = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [`tracking:${campaign.projectId}`]);
    await dialog.getByRole("button", { name: "Add tracking numbers (1 backer)" }).click();
    await expect(dialog.getByText("This runs on the server: you can close this dialog or leave the page.")).toBeVisible({ timeout: 20_000 });
    await dialog.getByRole("button", { name: "Close" }).click();

    // Another page of the project: the header shows the job running.
    await page.goto(`/projects/${campaign.projectId}/settings`);
    const indicator = page.getByTestId("project-jobs-indicator");
    await expect(indicator).toContainText(/Running \d+%: Add tracking numbers from tracking-job\.csv/, { timeout: 20_000 });
    await page.screenshot({ path: testInfo.outputPath("job-running-indicator.png") });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: testInfo.outputPath("job-running-indicator-375.png") });
    await page.setViewportSize({ width: 1280, height: 800 });
  } finally {
    await lock.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [`tracking:${campaign.projectId}`]).catch(() => {});
    await lock.end();
  }

  // Back to the result: the indicator goes away and the Activity page shows what was done.
  await expect(page.getByTestId("project-jobs-indicator")).toHaveCount(0, { timeout: 30_000 });
  await page.goto(`/projects/${campaign.projectId}/activity`);
  const row = page.getByTestId("project-job-row").filter({ hasText: "Add tracking numbers from tracking-job.csv" });
  await expect(row).toContainText("Done");
  await expect(row).toContainText("1 backer got a tracking number. 1 email queued.");
  await page.screenshot({ path: testInfo.outputPath("activity-job-done.png"), fullPage: true });

  // The backer receives exactly one email.
  await expect
    .poll(async () => (await queryOne<{ sent: number }>("SELECT count(*)::int AS sent FROM email_message WHERE to_email = $1 AND status = 'SENT'", [backer.email])).sent, { timeout: 30_000 })
    .toBe(1);
  const all = await queryOne<{ n: number }>("SELECT count(*)::int AS n FROM email_message WHERE to_email = $1", [backer.email]);
  expect(all.n).toBe(1);
});
