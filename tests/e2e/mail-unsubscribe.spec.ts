import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { DEMO, queryOne } from "./support/demo";
import { signIn } from "./support/sign-in";

async function sql<T = unknown>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * A creator names the sender of their backer email; a backer opens an incentive notice in the dev
 * mailbox, follows its List-Unsubscribe link without being signed in, reads what stops and what
 * keeps coming, and unsubscribes with the button (the link alone changes nothing).
 */
test("a backer unsubscribes from a project's announcements through the link in an incentive email", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const slow = { timeout: 30_000 };
  const run = randomUUID().slice(0, 8);
  const projectName = `Ironvale ${run}`;
  const backerEmail = `unsub-${run}@example.com`;
  const creator = await queryOne<{ id: string }>(`SELECT id FROM "user" WHERE email = $1`, [DEMO.creatorEmail]);
  const [project] = await sql<{ id: string }>(`INSERT INTO project (name) VALUES ($1) RETURNING id`, [projectName]);
  await sql(`INSERT INTO membership (project_id, user_id, role) VALUES ($1, $2, 'OWNER')`, [project.id, creator.id]);
  await sql(`INSERT INTO backer (project_id, email, name, backer_number) VALUES ($1, $2, 'Ada Unsub', 1)`, [
    project.id,
    backerEmail,
  ]);
  // The outbox row an incentive grant writes (kind incentive-granted, the project's id).
  await sql(
    `INSERT INTO email_message (project_id, to_email, kind, subject, html, text, idempotency_key)
     VALUES ($1, $2, 'incentive-granted', $3, '<p>Hi Ada, we added $5.00 of credit to your pledge.</p>',
             'Hi Ada, we added $5.00 of credit to your pledge.', $4)`,
    [project.id, backerEmail, `A gift from ${projectName}: Thank you`, `e2e-unsubscribe:${run}`],
  );

  // The creator names the sender on the project's Mail page.
  await signIn(page, DEMO.creatorEmail);
  await page.goto(`/projects/${project.id}/mail`);
  await page.getByLabel("Sender name").fill(`${projectName} via Pledgehouse`);
  await page.getByLabel("Reply-To address").fill("support@ironvale.example");
  await page.getByRole("button", { name: "Save sender" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved. Emails sent from now on use it.", slow);
  await page.screenshot({ path: "test-results/mail-sender-form.png", fullPage: true });

  // The backer, not signed in, reads the email in the dev mailbox.
  const backer = await browser.newContext();
  const inbox = await backer.newPage();
  await inbox.goto("/dev/mailbox");
  const message = inbox.locator('a[href^="/dev/mailbox/"]').filter({ hasText: backerEmail }).first();
  await expect(message).toBeVisible(slow);
  await message.click();
  await expect(inbox.getByText(`${projectName} via Pledgehouse`)).toBeVisible(slow);
  await expect(inbox.getByText("support@ironvale.example")).toBeVisible();
  await expect(inbox.getByText("List-Unsubscribe-Post: List-Unsubscribe=One-Click")).toBeVisible();
  await inbox.locator('a[href*="/api/unsubscribe/"]').click();

  await expect(inbox.getByRole("heading", { name: `Stop announcements from ${projectName}?` })).toBeVisible(slow);
  await expect(inbox.getByText("You will no longer receive:")).toBeVisible();
  await expect(inbox.getByText("shipping notices with your tracking numbers,")).toBeVisible();
  await expect(inbox.getByText("your digital rewards (download links and codes),")).toBeVisible();
  // Following the link alone unsubscribed nothing.
  expect(await sql(`SELECT 1 FROM announcement_unsubscribe WHERE project_id = $1`, [project.id])).toEqual([]);
  await inbox.setViewportSize({ width: 390, height: 844 });
  await inbox.screenshot({ path: "test-results/unsubscribe-page-phone.png", fullPage: true });
  await inbox.setViewportSize({ width: 1280, height: 800 });

  await inbox.getByRole("button", { name: `Unsubscribe from ${projectName}’s announcements` }).click();
  await expect(inbox.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible(slow);
  await expect(inbox.getByText(`no longer receives announcements from ${projectName}`)).toBeVisible();
  await expect(inbox.getByText("You will still receive, because they are part of your pledge:")).toBeVisible();
  await inbox.screenshot({ path: "test-results/unsubscribe-done.png", fullPage: true });
  expect(await sql(`SELECT email FROM announcement_unsubscribe WHERE project_id = $1`, [project.id])).toEqual([
    { email: backerEmail },
  ]);
  await backer.close();
});
