import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { createE2eCampaign } from "./support/create-campaign";
import { signIn } from "./support/sign-in";

/**
 * "Download problem rows" posts the file again and answers with a file: the creator sees the bytes
 * going up and then the server collecting the rows, beside the buttons, while the preview stays in
 * view; then the download holds every row with an error, with its problem and how to fix it.
 * Chromium's network emulation slows the upload to 256 KB/s so the progress is there to see.
 */
async function slowUploads(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
}

test("downloading the problem rows shows its progress and keeps the preview", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const creator = "problem-rows-creator@example.com";
  const campaign = await createE2eCampaign(creator, { backers: 1 });
  const [backer] = campaign.backers;
  await signIn(page, creator);
  await page.goto(`/projects/${campaign.projectId}/backers`);
  await page.getByRole("checkbox", { name: `Select ${backer.name}`, exact: true }).check();
  await page.getByRole("region", { name: "Selected backers" }).getByRole("button", { name: "Add tracking numbers" }).click();
  const dialog = page.getByRole("dialog", { name: "Add tracking numbers" });

  // One good row, then 12,000 rows for addresses no backer of the project has: each an error.
  const strangers = Array.from({ length: 12_000 }, (_, i) => `stranger-${i}@example.com`);
  const lines = [
    "Backer Number,Email,Name,Reward,Shipping Country,Tracking Number,Carrier (optional),Tracking URL (optional)",
    `${backer.backerNumber},${backer.email},,,,1Z999AA10123456784,,`,
    ...strangers.map((email, i) => `,${email},Someone ${i},,,1Z999AA1${String(i).padStart(10, "0")},,`),
  ];
  const csv = Buffer.from(`${lines.join("\r\n")}\r\n`);
  expect(csv.length).toBeGreaterThan(500_000);
  await slowUploads(page);
  await dialog.locator('input[type="file"]').setInputFiles({ name: "tracking.csv", mimeType: "text/csv", buffer: csv });
  const preview = dialog.getByTestId("tracking-preview");
  await expect(preview).toBeVisible({ timeout: 30_000 });

  // Every reading of the polite status texts while the problem rows are fetched.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      for (const status of document.querySelectorAll('[role="status"][aria-live="polite"]')) {
        const reading = status.querySelector("p")?.textContent ?? "";
        if (seen.at(-1) !== reading) seen.push(reading);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });

  const button = dialog.getByRole("button", { name: "Download problem rows (CSV)" });
  const downloaded = page.waitForEvent("download", { timeout: 60_000 });
  await button.click();
  const sending = dialog.getByRole("status").filter({ hasText: /^Uploading the file — [1-9]\d?%…$/ });
  await expect(sending).toBeVisible();
  // The preview and the buttons stay while the rows are fetched.
  await expect(preview).toBeVisible();
  await expect(button).toBeVisible();
  await sending.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("problem-rows-uploading-1280.png") });

  const download = await downloaded;
  expect(download.suggestedFilename()).toBe("tracking-problem-rows.csv");
  const text = await readFile((await download.path())!, "utf8");
  const rows = text.trim().split(/\r?\n/);
  expect(rows[0]).toContain("Row in your file,Problem,How to fix");
  expect(rows).toHaveLength(1 + strangers.length);
  expect(rows[1]).toContain("stranger-0@example.com");
  expect(rows[1]).toContain("No backer of this project has the email stranger-0@example.com.");
  expect(text).not.toContain(backer.email);

  const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  const percents = seen.map((reading) => /— (\d+)%/.exec(reading)?.[1]).filter((p): p is string => p !== undefined).map(Number);
  expect(percents.filter((p) => p > 0 && p < 100).length, seen.join("\n")).toBeGreaterThan(1);
  expect(seen, seen.join("\n")).toContain("Collecting the problem rows…");
  // Done: the progress is gone, the preview is still there, and focus stayed on the button.
  await expect(dialog.getByRole("status").filter({ hasText: "Collecting the problem rows" })).toHaveCount(0);
  await expect(preview).toBeVisible();
  await expect(button).toBeFocused();
});
