import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { createE2eCampaign } from "./support/create-campaign";
import { signIn } from "./support/sign-in";

/** The spec's own creator: their account comes with their campaign (createE2eCampaign). */
const CREATOR_EMAIL = "mail-unsubscribe-creator@example.com";

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
 * A creator names the sender of their backer email and gives their backers credit with an email; a
 * backer opens the incentive notice in the dev mailbox, follows the unsubscribe link in its footer
 * without being signed in, reads what stops and what keeps coming, and unsubscribes with the button
 * (the link alone changes nothing).
 */
test("a backer unsubscribes from a project's announcements through the link in an incentive email", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const slow = { timeout: 30_000 };
  const run = randomUUID().slice(0, 8);
  const campaign = await createE2eCampaign(CREATOR_EMAIL, { backers: 1, name: `Ironvale ${run}` });
  const projectName = campaign.name;
  const backerEmail = campaign.backers[0].email;
  const [segment] = await sql<{ id: string }>(
    `INSERT INTO segment (project_id, name, kind, filter) VALUES ($1, 'Everyone', 'FILTER', '{"type":"and","conditions":[]}')
     RETURNING id`,
    [campaign.projectId],
  );

  // The creator names the sender on the project's Mail page.
  await signIn(page, CREATOR_EMAIL);
  await page.goto(`/projects/${campaign.projectId}/mail`);
  await page.getByLabel("Sender name").fill(`${projectName} via Pledgehouse`);
  await page.getByLabel("Reply-To address").fill("support@ironvale.example");
  await page.getByRole("button", { name: "Save sender" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved. Emails sent from now on use it.", slow);
  await page.screenshot({ path: "test-results/mail-sender-form.png", fullPage: true });

  // ...and gives the segment complimentary credit, emailing the backers who receive it.
  await page.goto(`/projects/${campaign.projectId}/segments/${segment.id}/segment-actions`);
  const creditCard = page.locator("section", {
    has: page.getByRole("heading", { name: "Assign Complimentary Credit", exact: true }),
  });
  await creditCard.getByLabel("Incentive name").fill(`Thank you ${run}`);
  await creditCard.getByLabel("Credit per backer (USD)").fill("5.00");
  await creditCard.getByLabel(/Email the backers who receive it/).check();
  await expect(creditCard.getByTestId("incentive-credit-recipients")).toHaveText("1 backer", slow);
  await creditCard.getByRole("button", { name: /^Assign Complimentary Credit to/ }).click();
  await creditCard.getByRole("button", { name: "Confirm" }).click();
  await expect(creditCard.getByText(new RegExp(`Gave “Thank you ${run}” to`))).toBeVisible(slow);

  // The backer, not signed in, reads the email in the dev mailbox.
  const backer = await browser.newContext();
  const inbox = await backer.newPage();
  const message = inbox.locator('a[href^="/dev/mailbox/"]').filter({ hasText: backerEmail }).first();
  await expect(async () => {
    await inbox.goto("/dev/mailbox");
    await expect(message).toBeVisible({ timeout: 1_000 });
  }).toPass(slow);
  await message.click();
  await expect(inbox.getByRole("heading", { name: `A gift from ${projectName}: Thank you ${run}` })).toBeVisible(slow);
  await expect(inbox.getByText(`${projectName} via Pledgehouse`)).toBeVisible(slow);
  await expect(inbox.getByText("support@ironvale.example")).toBeVisible();
  // Mail clients offer one-click unsubscribe from the headers; the body says why and links too.
  await expect(inbox.getByText("List-Unsubscribe-Post: List-Unsubscribe=One-Click")).toBeVisible();
  await expect(inbox.locator("pre")).toContainText(
    `You receive announcements like this because you back ${projectName}.`,
  );
  await expect(inbox.locator("pre")).toContainText(`Unsubscribe from ${projectName}'s announcements`);
  const bodyLink = inbox.getByRole("link", { name: /\/unsubscribe\// }).filter({ hasNotText: "/api/" });
  await expect(bodyLink).toHaveCount(1);
  await bodyLink.click();

  await expect(inbox.getByRole("heading", { name: `Stop announcements from ${projectName}?` })).toBeVisible(slow);
  await expect(inbox.getByText("You will no longer receive:")).toBeVisible();
  await expect(
    inbox.getByText(`announcements from ${projectName}, such as gifts and credit added to your pledge.`),
  ).toBeVisible();
  await expect(inbox.getByText("shipping notices with your tracking numbers,")).toBeVisible();
  await expect(inbox.getByText("your digital rewards (download links and codes),")).toBeVisible();
  // Following the link alone unsubscribed nothing.
  expect(await sql(`SELECT 1 FROM announcement_unsubscribe WHERE project_id = $1`, [campaign.projectId])).toEqual([]);
  await inbox.setViewportSize({ width: 390, height: 844 });
  await inbox.screenshot({ path: "test-results/unsubscribe-page-phone.png", fullPage: true });
  await inbox.setViewportSize({ width: 1280, height: 800 });

  await inbox.getByRole("button", { name: `Unsubscribe from ${projectName}’s announcements` }).click();
  await expect(inbox.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible(slow);
  await expect(inbox.getByText(`no longer receives announcements from ${projectName}`)).toBeVisible();
  await expect(inbox.getByText("You will still receive, because they are part of your pledge:")).toBeVisible();
  await inbox.screenshot({ path: "test-results/unsubscribe-done.png", fullPage: true });
  expect(await sql(`SELECT email FROM announcement_unsubscribe WHERE project_id = $1`, [campaign.projectId])).toEqual([
    { email: backerEmail },
  ]);

  // The creator sees who stopped the announcements, and what they still receive.
  await page.goto(`/projects/${campaign.projectId}/mail`);
  const unsubscribed = page.getByRole("region", { name: "1 backer unsubscribed from announcements" });
  await expect(unsubscribed).toContainText("but still their tracking numbers and digital rewards");
  await unsubscribed.getByText("Show who").click();
  await expect(unsubscribed.getByText(backerEmail)).toBeVisible();
  await page.screenshot({ path: "test-results/mail-announcement-unsubscribes.png", fullPage: true });

  // The next incentive's form says the email will not reach them, and that the gift still does.
  await page.goto(`/projects/${campaign.projectId}/segments/${segment.id}/segment-actions`);
  await creditCard.getByLabel("Incentive name").fill(`Second thanks ${run}`);
  await creditCard.getByLabel("Credit per backer (USD)").fill("1.00");
  await creditCard.getByLabel(/Email the backers who receive it/).check();
  await expect(creditCard.getByTestId("incentive-not-emailed")).toHaveText(
    "None of them will get the email: they unsubscribed from this project’s announcements or their address bounced or complained. They get the gift anyway.",
    slow,
  );

  // Changed their mind: the same page sends the announcements again.
  await inbox.getByRole("button", { name: `Receive ${projectName}’s announcements again` }).click();
  await expect(inbox.getByText(`receives announcements from ${projectName} again.`)).toBeVisible(slow);
  await expect(inbox.getByRole("heading", { name: `Stop announcements from ${projectName}?` })).toBeVisible();
  expect(await sql(`SELECT 1 FROM announcement_unsubscribe WHERE project_id = $1`, [campaign.projectId])).toEqual([]);
  await backer.close();
});
