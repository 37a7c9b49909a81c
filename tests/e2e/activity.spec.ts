import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { createE2eCampaign } from "./support/create-campaign";
import { signIn } from "./support/sign-in";

async function execute(sql: string, params: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Screenshots of the page at desktop width and at 375 px, kept with the test's results. */
async function screenshots(page: Page, name: string, outputPath: (name: string) => string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: outputPath(`${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: outputPath(`${name}-375.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a tracking number shows up in Mail and Activity; a refused email is retried and delivered", async ({
  page,
}, testInfo) => {
  // A campaign of this spec's own: the mail log and the activity feed hold only what it does.
  // On a half-hour zone, so a time shown in UTC (or labelled so) cannot pass for the project's.
  const creatorEmail = `activity-${randomUUID().slice(0, 8)}@example.com`;
  const campaign = await createE2eCampaign(creatorEmail, { backers: 3, timeZone: "Asia/Kolkata" });
  const project = { id: campaign.projectId };
  const backer = campaign.backers[1];
  const base = `/projects/${project.id}`;
  await signIn(page, creatorEmail);

  // A real change that emails a backer: the single-backer Add tracking number page.
  await page.goto(`${base}/backers/${backer.id}/tracking`);
  await page.getByLabel("Tracking number").fill("1Z999AA10123456784");
  await page.getByRole("button", { name: "Add tracking number" }).click();
  await expect(page.getByText("Tracking number added")).toBeVisible();

  await page.getByRole("link", { name: "Mail", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Mail", level: 1 })).toBeVisible();
  await page.getByLabel("Recipient").fill(backer.email.toUpperCase());
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`to=${encodeURIComponent(backer.email).replace(/\./g, "\\.")}`, "i"));
  const row = page.getByTestId("mail-log-row").filter({ hasText: backer.email });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Shipping notice");
  await expect(row).toContainText(`Your reward from ${campaign.name} has shipped`);
  await expect(page.getByText("Times are on the project's clock (Asia/Kolkata).")).toBeVisible();
  await expect(row).toContainText("GMT+5:30");
  // The app's own worker delivers it (to the capture transport) within seconds.
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText("Sent", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId("count-sent")).toHaveText("1");
  await expect(page.getByTestId("count-failed")).toHaveText("0");

  // A refused message. The capture transport accepts everything, so this row is what the worker
  // records when a real receiving server answers 550.
  const bounced = `bounce-${randomUUID().slice(0, 8)}@example.com`;
  const reason = `550 5.1.1 <${bounced}>: Recipient address rejected: User unknown`;
  await execute(
    `INSERT INTO email_message (project_id, to_email, kind, subject, html, text, idempotency_key, status, attempts, last_error)
     VALUES ($1, $2, 'tracking-shipped', $3, '<p>Your reward has shipped.</p>', 'Your reward has shipped.', $4, 'FAILED', 1, $5)`,
    [project.id, bounced, `Your reward from ${campaign.name} has shipped`, `e2e-bounce:${bounced}`, reason],
  );
  await page.getByRole("link", { name: "Clear search" }).click();
  await expect(page).toHaveURL((url) => !url.searchParams.has("to"));
  await page.getByRole("link", { name: /^Failed/ }).click();
  await expect(page).toHaveURL(/status=failed/);
  const failed = page.getByTestId("mail-log-row").filter({ hasText: bounced });
  await expect(failed).toContainText("Failed");
  await expect(failed).toContainText(`Reason: ${reason}`);
  await screenshots(page, "mail", testInfo.outputPath.bind(testInfo));

  await failed.getByRole("button", { name: `Retry the email to ${bounced}` }).click();
  // Back in the queue, it leaves the Failed tab; on All it is delivered by the worker.
  await expect(failed).toHaveCount(0);
  await page.getByLabel("Recipient").fill(bounced);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/status=failed&to=bounce-/);
  await page.getByRole("link", { name: /^All/ }).click();
  await expect(page).toHaveURL((url) => !url.searchParams.has("status") && url.searchParams.get("to") === bounced);
  const retried = page.getByTestId("mail-log-row").filter({ hasText: bounced });
  await expect(async () => {
    await page.reload();
    await expect(retried).toContainText("Sent", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(retried).not.toContainText("Reason:");

  await page.getByRole("link", { name: "Activity", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Activity", level: 1 })).toBeVisible();
  await expect(page.getByText("Times are on the project's clock (Asia/Kolkata).")).toBeVisible();
  const retryEntry = page
    .getByTestId("activity-entry")
    .filter({ hasText: `queued the failed email to ${bounced} to be sent again` });
  await expect(retryEntry).toHaveCount(1);
  await expect(retryEntry).toContainText(creatorEmail);
  const trackingEntry = page
    .getByTestId("activity-entry")
    // Named, not "for one backer".
    .filter({ hasText: `added tracking number 1Z999AA10123456784 (UPS) for ` })
    .filter({ hasText: backer.name || backer.email })
    .filter({ has: page.locator(`a[href="${base}/backers/${backer.id}/tracking"]`) });
  await expect(trackingEntry).toHaveCount(1);
  await trackingEntry.getByText("Details").click();
  await expect(trackingEntry.getByRole("definition").filter({ hasText: backer.id })).toBeVisible();
  await screenshots(page, "activity", testInfo.outputPath.bind(testInfo));
});

test("a project with no mail and no activity says what will appear there", async ({ page }, testInfo) => {
  // A campaign just imported by a creator of the test's own: nothing sent, nothing done yet.
  const ownerEmail = `activity-empty-${randomUUID().slice(0, 8)}@example.com`;
  const { projectId } = await createE2eCampaign(ownerEmail, { backers: 2 });
  await signIn(page, ownerEmail);
  await page.goto(`/projects/${projectId}/mail`);
  await expect(page.getByRole("heading", { name: "No mail sent yet" })).toBeVisible();
  await screenshots(page, "mail-empty", testInfo.outputPath.bind(testInfo));
  await page.getByRole("link", { name: "Activity", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Nothing has happened yet" })).toBeVisible();
  await expect(page.getByText("Bulk actions such as imports and tracking uploads appear here")).toBeVisible();
  await screenshots(page, "activity-empty", testInfo.outputPath.bind(testInfo));
});
