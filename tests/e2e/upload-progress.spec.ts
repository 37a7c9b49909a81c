import { randomBytes } from "node:crypto";
import { expect, test, type Locator, type Page, type TestInfo } from "@playwright/test";
import { generateKickstarterCsv } from "../fixtures/kickstarter/generate-kickstarter-csv";
import { createE2eCampaign } from "./support/create-campaign";
import { DEMO } from "./support/demo";
import { signIn } from "./support/sign-in";

/**
 * The backer import and the tracking upload show the bytes going up (the shared upload hook's
 * progress), then the server's checking or the job's progress. Chromium's network emulation slows
 * the upload to 256 KB/s, so a file of a few hundred KB takes seconds and the percentages between
 * 0 and 100 are there to see; a recorder in the page keeps every reading the creator saw.
 */
const UPLOAD_BYTES_PER_SECOND = 256 * 1024;

async function slowUploads(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: UPLOAD_BYTES_PER_SECOND });
}

/** Records, on every change of the page, the progress bars (name and value) and the polite status texts. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    const note = () => {
      for (const bar of document.querySelectorAll('[role="progressbar"]')) {
        const reading = `bar:${bar.getAttribute("aria-label")}|${bar.getAttribute("aria-valuenow") ?? "working"}`;
        if (seen.at(-1) !== reading) seen.push(reading);
      }
      for (const status of document.querySelectorAll('[role="status"][aria-live="polite"]')) {
        const reading = `status:${status.querySelector("p")?.textContent ?? ""}`;
        if (seen.at(-1) !== reading) seen.push(reading);
      }
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

const progressSeen = (page: Page) => page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);

/** The percentages seen strictly between 0 and 100 for readings that start with `prefix`. */
function partialPercents(seen: string[], prefix: string, pattern: RegExp): number[] {
  return seen
    .filter((reading) => reading.startsWith(prefix))
    .map((reading) => pattern.exec(reading))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .filter((percent) => percent > 0 && percent < 100);
}

/** Screenshots at 1280 and 375 px wide, with `focus` (the progress, the result) scrolled into view. */
async function shoot(page: Page, testInfo: TestInfo, name: string, focus: Locator): Promise<void> {
  const desktop = page.viewportSize();
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    await focus.scrollIntoViewIfNeeded().catch(() => {});
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`) });
  }
  if (desktop) await page.setViewportSize(desktop);
}

test("the backer import shows the bytes sent, then the check, then the import job", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.creatorEmail);
  await page.goto("/projects/new");
  await page.getByLabel("Project name").fill(`Upload progress ${randomBytes(4).toString("hex")}`);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: "Import your backers" })).toBeVisible();

  const csv = Buffer.from(generateKickstarterCsv({ rows: 2500 }));
  expect(csv.length).toBeGreaterThan(600_000);
  await slowUploads(page);
  await recordProgress(page);
  await page.getByLabel("Backer report file").setInputFiles({ name: "backers.csv", mimeType: "text/csv", buffer: csv });

  const uploading = page.getByRole("progressbar", { name: "Uploading backers.csv" });
  await expect(uploading).toHaveAttribute("aria-valuenow", /^[1-9]\d?$/);
  // The file input still names the file being uploaded (not "No file chosen").
  expect(await page.getByLabel("Backer report file").evaluate((input: HTMLInputElement) => input.files?.[0]?.name ?? null)).toBe("backers.csv");
  await shoot(page, testInfo, "import-uploading", uploading);
  await expect(page.getByText("Check the preview, then import")).toBeVisible({ timeout: 30_000 });
  await shoot(page, testInfo, "import-preview", page.getByRole("button", { name: "Import 2,500 backers" }));

  let seen = await progressSeen(page);
  expect(partialPercents(seen, "bar:Uploading backers.csv|", /\|(\d+)$/).length, seen.join("\n")).toBeGreaterThan(1);
  expect(seen, seen.join("\n")).toContain("bar:Checking backers.csv|working");
  expect(seen.indexOf("bar:Checking backers.csv|working")).toBeGreaterThan(seen.findIndex((reading) => reading.startsWith("bar:Uploading backers.csv|")));

  await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen.splice(0));
  await page.getByRole("button", { name: "Import 2,500 backers" }).click();
  const again = page.getByRole("progressbar", { name: "Uploading backers.csv again to import it" });
  await expect(again).toHaveAttribute("aria-valuenow", /^[1-9]\d?$/);
  await shoot(page, testInfo, "import-confirm-uploading", again);
  await expect(page.getByRole("heading", { name: "Backers imported" })).toBeVisible({ timeout: 60_000 });
  await shoot(page, testInfo, "import-done", page.getByRole("heading", { name: "Backers imported" }));
  seen = await progressSeen(page);
  expect(partialPercents(seen, "bar:Uploading backers.csv again to import it|", /\|(\d+)$/).length, seen.join("\n")).toBeGreaterThan(1);
});

test("the tracking upload shows the bytes sent, then the check; the apply the bytes, then the job", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const creator = "upload-progress-creator@example.com";
  const campaign = await createE2eCampaign(creator, { backers: 2 });
  const [first, second] = campaign.backers;
  await signIn(page, creator);
  await page.goto(`/projects/${campaign.projectId}/backers`);
  await page.getByRole("checkbox", { name: `Select ${first.name}`, exact: true }).check();
  await page.getByRole("checkbox", { name: `Select ${second.name}`, exact: true }).check();
  await page.getByRole("region", { name: "Selected backers" }).getByRole("button", { name: "Add tracking numbers" }).click();
  const dialog = page.getByRole("dialog", { name: "Add tracking numbers" });

  // The two selected backers' numbers, then rows without a number (counted as blank, not errors) to make the file large.
  const lines = [
    "Backer Number,Email,Name,Reward,Shipping Country,Tracking Number,Carrier (optional),Tracking URL (optional)",
    `${first.backerNumber},${first.email},,,,1Z999AA10123456784,,`,
    `${second.backerNumber},${second.email},,,,9400111202555842332669,,`,
    ...Array.from({ length: 60_000 }, () => `${first.backerNumber},,,,,,,`),
  ];
  const csv = Buffer.from(`${lines.join("\r\n")}\r\n`);
  expect(csv.length).toBeGreaterThan(500_000);
  await slowUploads(page);
  await recordProgress(page);
  await dialog.locator('input[type="file"]').setInputFiles({ name: "tracking.csv", mimeType: "text/csv", buffer: csv });

  const sending = dialog.getByRole("status").filter({ hasText: /^Uploading the file — [1-9]\d?%…$/ });
  await expect(sending).toBeVisible();
  await shoot(page, testInfo, "tracking-uploading", sending);
  const preview = dialog.getByTestId("tracking-preview");
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await shoot(page, testInfo, "tracking-preview", preview);

  let seen = await progressSeen(page);
  expect(partialPercents(seen, "status:Uploading the file — ", /— (\d+)%/).length, seen.join("\n")).toBeGreaterThan(1);
  expect(seen, seen.join("\n")).toContain("status:Checking every row…");

  await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen.splice(0));
  await dialog.getByRole("button", { name: "Add tracking numbers (2 backers)" }).click();
  await expect(sending).toBeVisible();
  await shoot(page, testInfo, "tracking-apply-uploading", sending);
  await expect(dialog.getByText("Tracking numbers added")).toBeVisible({ timeout: 60_000 });
  await shoot(page, testInfo, "tracking-done", dialog.getByText("Tracking numbers added"));
  seen = await progressSeen(page);
  expect(partialPercents(seen, "status:Uploading the file — ", /— (\d+)%/).length, seen.join("\n")).toBeGreaterThan(1);
});
