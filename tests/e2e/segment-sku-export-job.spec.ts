import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import Papa from "papaparse";
import pg from "pg";
import { withDatabase } from "./support/authz-fixture";
import { createE2eCampaign } from "./support/create-campaign";
import { signIn } from "./support/sign-in";

/*
 * A segment's SKU per Column export of more than one page of backers runs as a job in the worker:
 * the creator starts it on the Export Reports page, sees its progress in the dialog, leaves, sees
 * the job in the header of another page, and downloads the file from the Activity page. The job is
 * held while it writes by a lock on the table its file goes into, so "running" is visible whatever
 * the speed.
 */
test("a large SKU per Column export runs as a job: progress in the dialog, the indicator on another page, the file on Activity", async ({ page }, testInfo) => {
  const creatorEmail = `e2e-sku-export-${randomUUID().slice(0, 8)}@example.com`;
  const campaign = await createE2eCampaign(creatorEmail, { backers: 60 });
  const segmentName = `Sixty backers ${randomUUID().slice(0, 8)}`;
  const segmentId = await withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>("INSERT INTO segment (project_id, name, kind) VALUES ($1, $2, 'STATIC') RETURNING id", [
      campaign.projectId,
      segmentName,
    ]);
    await client.query("INSERT INTO segment_member (segment_id, backer_id) SELECT $1, unnest($2::uuid[])", [rows[0].id, campaign.backers.map((b) => b.id)]);
    return rows[0].id;
  });

  await signIn(page, creatorEmail);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`/projects/${campaign.projectId}/segments/${segmentId}/export`);
  await expect(page.getByRole("button", { name: "Download SKU per Column (CSV)" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("sku-export-page-375.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  const lock = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await lock.connect();
  try {
    await lock.query("BEGIN");
    await lock.query("LOCK TABLE project_job_output_chunk IN SHARE MODE");
    await page.getByRole("button", { name: "Download SKU per Column (CSV)" }).click();
    const dialog = page.getByRole("dialog", { name: "SKU per Column CSV" });
    await expect(dialog).toContainText(`60 backers of “${segmentName}”, in Pledged At order`);
    await expect(dialog.getByTestId("project-job-progress")).toContainText(/Counting backers — 0%/, { timeout: 30_000 });
    await page.screenshot({ path: testInfo.outputPath("sku-export-dialog-progress.png") });
    await dialog.getByRole("button", { name: "Close" }).click();

    await page.goto(`/projects/${campaign.projectId}/settings`);
    const indicator = page.getByTestId("project-jobs-indicator");
    await expect(indicator).toContainText(`Export SKU per Column of “${segmentName}” (60 backers) as CSV`, { timeout: 20_000 });
  } finally {
    await lock.query("ROLLBACK").catch(() => {});
    await lock.end();
  }
  await expect(page.getByTestId("project-jobs-indicator")).toHaveCount(0, { timeout: 30_000 });

  await page.goto(`/projects/${campaign.projectId}/activity`);
  const row = page.getByTestId("project-job-row").filter({ hasText: `Export SKU per Column of “${segmentName}”` });
  await expect(row).toContainText("Done");
  await expect(row).toContainText(new RegExp(`SKU per Column of “${segmentName}”: 60 backers exported to sixty-backers-[0-9a-f]{8}-sku-per-column-\\d{4}-\\d{2}-\\d{2}\\.csv \\(\\d+ KB\\)\\.`));
  const downloadPromise = page.waitForEvent("download");
  await row.getByRole("link", { name: /^Download CSV/ }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^sixty-backers-[0-9a-f]{8}-sku-per-column-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = (await readFile(await download.path())).toString("utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.data.map((r) => r.Email).sort()).toEqual(campaign.backers.map((b) => b.email).sort());
  expect(new Set(parsed.data.map((r) => r["Pledge Level"]))).toEqual(new Set(["Deluxe"]));
});
