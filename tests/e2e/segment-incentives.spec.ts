import { randomUUID } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO, queryOne } from "./support/demo";
import { signIn } from "./support/sign-in";

/**
 * The reference's flows, end to end: the Early Bird Incentive backers segment without failed
 * backers and without digital-only tiers receives a free item; a partner project's backers in
 * physical tiers receive credit; a backer in both sees the item and the credit on their pledge.
 */
test("early-bird free item and cross-collab credit reach the backer's pledge summary", async ({ page }) => {
  test.setTimeout(300_000);
  // A busy machine renders slowly; the assertions wait for what a person would wait for.
  const slow = { timeout: 30_000 };
  const run = randomUUID().slice(0, 6);
  const project = await queryOne<{ id: string; launched_at: Date }>(
    `SELECT p.id, p.launched_at FROM project p JOIN membership m ON m.project_id = p.id JOIN "user" u ON u.id = m.user_id
     WHERE u.email = $1 AND p.name = $2`,
    [DEMO.creatorEmail, DEMO.projectName],
  );
  // The earliest collected backer in a physical tier: inside the 48-hour window and in physical tiers.
  const backer = await queryOne<{ email: string; pledge_id: string }>(
    `SELECT b.email, p.id AS pledge_id FROM backer b JOIN pledge p ON p.backer_id = b.id JOIN pledge_level l ON l.id = p.pledge_level_id
     WHERE b.project_id = $1 AND p.status = 'COLLECTED' AND l.kind = 'PHYSICAL' AND p.pledged_at < $2::timestamptz + interval '48 hours'
     ORDER BY p.pledged_at, b.id LIMIT 1`,
    [project.id, project.launched_at],
  );
  const expected = await queryOne<{ n: number }>(
    `SELECT count(*)::int AS n FROM backer b JOIN pledge p ON p.backer_id = b.id JOIN pledge_level l ON l.id = p.pledge_level_id
     WHERE b.project_id = $1 AND p.pledged_at < $2::timestamptz + interval '48 hours'
       AND p.status NOT IN ('FAILED', 'ERRORED') AND l.kind = 'PHYSICAL'`,
    [project.id, project.launched_at],
  );
  // The default exclusions then leave out dropped and refunded pledges too.
  const recipients = await queryOne<{ n: number }>(
    `SELECT count(*)::int AS n FROM backer b JOIN pledge p ON p.backer_id = b.id JOIN pledge_level l ON l.id = p.pledge_level_id
     WHERE b.project_id = $1 AND p.pledged_at < $2::timestamptz + interval '48 hours' AND p.status = 'COLLECTED' AND l.kind = 'PHYSICAL'`,
    [project.id, project.launched_at],
  );
  const item = await queryOne<{ name: string; option: string | null }>(
    `SELECT i.name, (SELECT o.name FROM item_option o WHERE o.item_id = i.id ORDER BY o.position LIMIT 1) AS option
     FROM item i WHERE i.project_id = $1 AND i.physical ORDER BY i.is_add_on DESC, i.name LIMIT 1`,
    [project.id],
  );
  const base = `/projects/${project.id}/segments`;

  await signIn(page, DEMO.creatorEmail);

  // Advanced Segment Actions: generate the early-bird segment (48 hours) and the Failed Backers one.
  await page.goto(`${base}/advanced`);
  await expect(page.getByRole("heading", { name: "Advanced Segment Actions" })).toBeVisible(slow);
  await page.getByLabel("Early-bird window (hours)").fill("48");
  await expect(page.getByTestId("early-bird-summary")).toContainText("pledged within the first 48 hours");
  await expect(page.getByRole("img", { name: /Pledges per hour since launch/ })).toBeVisible(slow);
  await page.getByRole("button", { name: "Generate segments of incentives offered" }).click();
  await expect(page.getByRole("link", { name: "Early Bird Incentive backers" })).toBeVisible(slow);
  await expect(page.getByRole("link", { name: "Returning backers" })).toBeVisible(slow);
  await page.getByRole("button", { name: "Create Failed Backers segment" }).click();
  await expect(page.getByText("Failed Backers is ready.")).toBeVisible(slow);

  // Create a New Segment: early birds, not failed backers, physical tiers only.
  await page.goto(`${base}/new`);
  const earlyName = `Early birds for the pin ${run}`;
  await page.getByLabel("Segment name").fill(earlyName);
  const addCondition = page.getByRole("combobox", { name: "Add a condition" });
  const conditions = page.getByTestId("segment-condition");
  await addCondition.selectOption({ label: "In any of these Segments" });
  await conditions.nth(0).getByLabel("Early Bird Incentive backers", { exact: true }).check();
  await addCondition.selectOption({ label: "Not in any of these segments" });
  await conditions.nth(1).getByLabel("Failed Backers", { exact: true }).check();
  await addCondition.selectOption({ label: "Pledge level kind" });
  await conditions.nth(2).getByLabel("Physical", { exact: true }).check();
  await expect(page.getByTestId("segment-live-count")).toHaveText(expected.n.toLocaleString("en-US"), slow);
  await page.getByRole("button", { name: "Save This Segment" }).click();
  await expect(page.getByRole("heading", { name: earlyName })).toBeVisible(slow);
  await expect(page.getByTestId("segment-page-count")).toHaveText(
    `${expected.n.toLocaleString("en-US")} backers`,
    slow,
  );

  // Segment Actions → Manually Add an Item.
  await page.getByRole("link", { name: "Segment Actions" }).click();
  const itemCard = card(page, "Manually Add an Item");
  await itemCard.getByLabel("Incentive name").fill(`Early bird pin ${run}`);
  await itemCard.getByLabel("Item", { exact: true }).selectOption({ label: await itemLabel(itemCard, item.name) });
  if (item.option) await itemCard.getByLabel("Option", { exact: true }).selectOption({ label: item.option });
  await expect(itemCard.getByTestId("incentive-item-recipients")).toHaveText(
    `${recipients.n.toLocaleString("en-US")} backers`,
    slow,
  );
  await expect(itemCard.getByLabel(/Exclude digital-only pledges/)).toBeChecked(slow);
  await expect(itemCard.getByLabel(/Exclude failed and errored payments/)).toBeChecked(slow);
  await itemCard.getByRole("button", { name: /^Manually Add an Item to/ }).click();
  await itemCard.getByRole("button", { name: "Confirm" }).click();
  await expect(
    itemCard.getByText(new RegExp(`Gave “Early bird pin ${run}” to ${recipients.n.toLocaleString("en-US")} backers`)),
  ).toBeVisible(slow);

  // Create Partner Project Segment from the partner's backer list, then keep its physical tiers.
  const partnerEmails = await queryOne<{ emails: string[] }>(
    `SELECT array_agg(email ORDER BY email) AS emails FROM (
       SELECT b.email FROM backer b WHERE b.project_id = $1 AND b.email <> $2 ORDER BY b.backer_number DESC LIMIT 5) x`,
    [project.id, backer.email],
  );
  const csv = [
    "Backer Name,Email",
    `Partner Fan,${backer.email.toUpperCase()}`,
    ...partnerEmails.emails.map((e) => `Someone,${e}`),
    "Stranger,stranger@example.net",
  ].join("\n");
  await page.goto(`${base}/advanced`);
  const partner = card(page, "Create Partner Project Segment");
  await partner.getByLabel("Partner project").fill(`Harbour Lights ${run}`);
  await partner.getByLabel("Segment name").fill(`Cross Collab Backers ${run}`);
  await partner
    .getByLabel("CSV file")
    .setInputFiles({ name: "partner-backers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await partner.getByRole("button", { name: "Create Partner Project Segment" }).click();
  await expect(partner.getByText(`“Harbour Lights ${run}” imported`)).toBeVisible(slow);
  const counts = partner.getByTestId("contact-list-counts");
  await expect(counts).toContainText("Emails: 7", slow);
  await expect(counts).toContainText("Backers of this project: 6");
  await expect(counts).toContainText("Not backers: 1");
  await expect(partner.getByText("Not backers: stranger@example.net.")).toBeVisible();
  await partner.getByRole("link", { name: "Create a New Segment of it in specific pledge levels" }).click();
  await expect(page.getByLabel("Segment name")).toHaveValue(`Cross Collab Backers ${run} in physical tiers`, slow);
  const levels = page.getByTestId("segment-condition").nth(1);
  const physicalLevels = await queryOne<{ names: string[] }>(
    `SELECT array_agg(name) AS names FROM pledge_level WHERE project_id = $1 AND kind = 'PHYSICAL'`,
    [project.id],
  );
  for (const name of physicalLevels.names) await levels.getByLabel(name, { exact: true }).check();
  await expect(page.getByTestId("segment-live-count")).not.toHaveText("—", slow);
  await page.getByRole("button", { name: "Save This Segment" }).click();
  await expect(page.getByRole("heading", { name: `Cross Collab Backers ${run} in physical tiers` })).toBeVisible(slow);

  // Segment Actions → Assign Complimentary Credit.
  await page.getByRole("link", { name: "Segment Actions" }).click();
  const creditCard = card(page, "Assign Complimentary Credit");
  await creditCard.getByLabel("Incentive name").fill(`Cross-collab credit ${run}`);
  await creditCard.getByLabel("Credit per backer (USD)").fill("5.00");
  await expect(creditCard.getByTestId("incentive-credit-recipients")).not.toHaveText("0 backers", slow);
  await creditCard.getByRole("button", { name: /^Assign Complimentary Credit to/ }).click();
  await creditCard.getByRole("button", { name: "Confirm" }).click();
  await expect(creditCard.getByText(new RegExp(`Gave “Cross-collab credit ${run}” to`))).toBeVisible(slow);

  // The backer sees the free item and the credit on their pledge summary.
  await page.context().clearCookies();
  await signIn(page, backer.email);
  await page.goto(`/pledges/${backer.pledge_id}`);
  const reward = page.getByRole("region", { name: "Reward" });
  await expect(reward.getByText("Free items from the creator")).toBeVisible(slow);
  const freeItem = reward.getByRole("listitem").filter({ hasText: `Gift: Early bird pin ${run}` });
  await expect(freeItem).toContainText(item.name, slow);
  await expect(freeItem).toContainText("Free");
  const summary = page.getByRole("region", { name: "Summary" });
  await expect(summary.getByText("Complimentary credit")).toBeVisible(slow);
  await page.goto(`/pledges/${backer.pledge_id}/backing-details`);
  await expect(page.getByText(`Complimentary credit: Cross-collab credit ${run}`)).toBeVisible(slow);

  // The creator takes the credit back; the undo runs as a job like the applies, and Activity lists all three.
  await page.context().clearCookies();
  await signIn(page, DEMO.creatorEmail);
  await page.goto(`${base}/incentives`);
  const credit = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: `Cross-collab credit ${run}` }) });
  await credit.getByRole("button", { name: "Undo" }).click();
  await credit.getByRole("button", { name: "Confirm" }).click();
  await expect(credit.getByText("Undone", { exact: true })).toBeVisible(slow);
  await page.goto(`/projects/${project.id}/activity`);
  const jobs = page.getByTestId("project-job-row");
  await expect(jobs.filter({ hasText: `Undo “Cross-collab credit ${run}”` })).toContainText(/Done.*Took “Cross-collab credit .*” back from \d+ pledges?\./s);
  await expect(jobs.filter({ hasText: `Give “Early bird pin ${run}” to the segment` })).toContainText(
    `Gave “Early bird pin ${run}” to ${recipients.n.toLocaleString("en-US")} backers.`,
  );
  await expect(jobs.filter({ hasText: `Give “Cross-collab credit ${run}” to the segment` })).toContainText("Done");
});

function card(page: Page, title: string): Locator {
  return page.locator("section", { has: page.getByRole("heading", { name: title, exact: true }) });
}

async function itemLabel(scope: Locator, name: string): Promise<string> {
  const options = await scope.getByLabel("Item", { exact: true }).locator("option").allTextContents();
  const found = options.find((o) => o === name || o.startsWith(`${name} (`));
  if (!found) throw new Error(`No item option for ${name}: ${options.join(", ")}`);
  return found;
}
