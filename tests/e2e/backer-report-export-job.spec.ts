import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import Papa from "papaparse";
import pg from "pg";
import { withDatabase } from "./support/authz-fixture";
import { createE2eCampaign } from "./support/create-campaign";
import { DEMO } from "./support/demo";
import { signIn } from "./support/sign-in";

/*
 * An export of more than one report page of backers runs as a job in the worker: the creator
 * exports the filtered view, sees the progress in the export dialog, leaves, sees the job in the
 * header of another page, and downloads the file from the Activity page. The job is held while it
 * writes by a lock on the table its file goes into, so "running" is visible whatever the speed.
 */
test("a large CSV export runs as a job: progress in the dialog, the indicator on another page, the file on Activity", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const campaign = await createE2eCampaign(DEMO.creatorEmail, { backers: 90 });
  // 30 backers' payments failed: the "collected" filter matches 60, more than a page of 50.
  await withDatabase((client) =>
    client.query("UPDATE pledge SET status = 'ERRORED' WHERE backer_id = ANY($1::uuid[])", [campaign.backers.slice(60).map((b) => b.id)]),
  );
  const collected = campaign.backers.slice(0, 60);

  await signIn(page, DEMO.creatorEmail);
  await page.goto(`/projects/${campaign.projectId}/backers?status=collected`);
  await expect(page.getByRole("navigation", { name: "Backer report pages" })).toContainText("Showing 50 of 60 backers");
  await page.getByRole("checkbox", { name: "Select all backers on this page" }).check();
  const bar = page.getByRole("region", { name: "Selected backers" });
  await bar.getByRole("button", { name: "Select all 60 backers matching this filter" }).click();
  await expect(bar.getByTestId("selection-count")).toHaveText("All 60 backers matching this filter selected");

  const lock = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await lock.connect();
  try {
    await lock.query("BEGIN");
    await lock.query("LOCK TABLE project_job_output_chunk IN SHARE MODE");
    await bar.getByRole("button", { name: "Export CSV" }).click();
    const dialog = page.getByRole("dialog", { name: "Export CSV" });
    await expect(dialog).toContainText("60 backers in the report's order");
    await expect(dialog.getByTestId("project-job-progress")).toContainText(/Counting backers — 0%/, { timeout: 30_000 });
    await page.screenshot({ path: testInfo.outputPath("export-dialog-progress.png") });
    await dialog.getByRole("button", { name: "Close" }).click();

    // Another page of the project: the header shows the export running.
    await page.goto(`/projects/${campaign.projectId}/settings`);
    const indicator = page.getByTestId("project-jobs-indicator");
    await expect(indicator).toContainText(/Running \d+%: Export 60 backers as CSV/, { timeout: 20_000 });
    await page.screenshot({ path: testInfo.outputPath("export-running-indicator.png") });
  } finally {
    await lock.query("ROLLBACK").catch(() => {});
    await lock.end();
  }
  await expect(page.getByTestId("project-jobs-indicator")).toHaveCount(0, { timeout: 30_000 });

  // Back on Activity: the export is done, and its file downloads with the report's rows.
  await page.goto(`/projects/${campaign.projectId}/activity`);
  const row = page.getByTestId("project-job-row").filter({ hasText: "Export 60 backers as CSV" });
  await expect(row).toContainText("Done");
  await expect(row).toContainText(/60 backers exported to e2e-campaign-[0-9a-f]{8}-backers-\d{4}-\d{2}-\d{2}\.csv \(\d+ KB\)\./);
  await page.screenshot({ path: testInfo.outputPath("activity-export-done.png"), fullPage: true });
  const downloadPromise = page.waitForEvent("download");
  await row.getByRole("link", { name: /^Download CSV/ }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^e2e-campaign-[0-9a-f]{8}-backers-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = (await readFile(await download.path())).toString("utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.data.map((r) => r.Email)).toEqual(collected.map((b) => b.email));
  expect(new Set(parsed.data.map((r) => r["Payment Status"]))).toEqual(new Set(["collected"]));
});

/*
 * Closing the dialog of a running export leaves the exports available and says how the running
 * one is doing: the creator reopens its progress, starts an Excel export behind it, and the
 * dialog then follows the Excel export alone, to its file.
 */
test("closed while an export runs: a button shows its progress, and another export can start", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const campaign = await createE2eCampaign(DEMO.creatorEmail, { backers: 60 });
  await signIn(page, DEMO.creatorEmail);
  await page.goto(`/projects/${campaign.projectId}/backers`);
  await page.getByRole("checkbox", { name: "Select all backers on this page" }).check();
  const bar = page.getByRole("region", { name: "Selected backers" });
  await bar.getByRole("button", { name: "Select all 60 backers matching this filter" }).click();

  const lock = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await lock.connect();
  try {
    await lock.query("BEGIN");
    await lock.query("LOCK TABLE project_job_output_chunk IN SHARE MODE");
    await bar.getByRole("button", { name: "Export CSV" }).click();
    const csvDialog = page.getByRole("dialog", { name: "Export CSV" });
    await expect(csvDialog.getByTestId("project-job-progress")).toContainText(/Counting backers — 0%/, { timeout: 30_000 });
    await csvDialog.getByRole("button", { name: "Close" }).click();

    const status = bar.getByTestId("export-status");
    await expect(status).toHaveText(/^CSV export running( \(\d+%\))?: show progress$/);
    await expect(bar.getByRole("button", { name: "Export CSV" })).toBeEnabled();
    await expect(bar.getByRole("button", { name: "Export Excel" })).toBeEnabled();
    await page.screenshot({ path: testInfo.outputPath("export-closed-status.png") });
    // On a phone the status button stays whole on screen beside the export buttons.
    await page.setViewportSize({ width: 375, height: 800 });
    await status.scrollIntoViewIfNeeded();
    const box = await status.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    await page.screenshot({ path: testInfo.outputPath("export-closed-status-375.png") });
    await page.setViewportSize({ width: 1280, height: 800 });
    await status.click();
    await expect(csvDialog.getByTestId("project-job-progress")).toContainText(/Counting backers/);
    await page.keyboard.press("Escape");
    await expect(csvDialog).toHaveCount(0);

    // The Excel export queues behind the CSV one (one job per project at a time) and takes the dialog over.
    await bar.getByRole("button", { name: "Export Excel" }).click();
    const excelDialog = page.getByRole("dialog", { name: "Export Excel" });
    await expect(excelDialog.getByTestId("project-job-progress")).toContainText(/Waiting to start/, { timeout: 30_000 });
  } finally {
    await lock.query("ROLLBACK").catch(() => {});
    await lock.end();
  }
  const excelDialog = page.getByRole("dialog", { name: "Export Excel" });
  await expect(excelDialog).toContainText("Your export is ready", { timeout: 60_000 });
  await expect(excelDialog.getByRole("link", { name: /^Download .*\.xlsx$/ })).toBeVisible();
  await excelDialog.getByRole("button", { name: "Close" }).click();
  await expect(bar.getByTestId("export-status")).toHaveText("Excel export ready: show download");

  await page.goto(`/projects/${campaign.projectId}/activity`);
  for (const title of ["Export 60 backers as CSV", "Export 60 backers as Excel"]) {
    await expect(page.getByTestId("project-job-row").filter({ hasText: title })).toContainText("Done", { timeout: 30_000 });
  }
});
