import { randomBytes } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { withDatabase } from "./support/authz-fixture";
import { signIn } from "./support/sign-in";

/** The campaign's launch, in UTC; the project reads its times in Toronto. */
const LAUNCH = Date.parse("2026-03-10T14:00:00.000Z");
const HOUR = 3_600_000;
const MINUTE = 60_000;
/** The early-bird window the creator chooses: 48 hours, the reference's default. */
const WINDOW_HOURS = 48;
const CUTOFF = LAUNCH + WINDOW_HOURS * HOUR;

type Level = "Core Box" | "Deluxe Box" | "Digital Edition";
type Status = "COLLECTED" | "FAILED" | "ERRORED" | "DROPPED";

/**
 * Who pledged when, around the early-bird cut-off, and how it went. Each one decides a line of the
 * flow: the pledge a minute before the cut-off is an early bird, the one exactly at it is not; one
 * dated before the launch (an imprecise launch time) counts as among the first.
 */
const BACKERS = {
  first: { level: "Core Box", at: LAUNCH + MINUTE, status: "COLLECTED" },
  lastMinute: { level: "Deluxe Box", at: CUTOFF - MINUTE, status: "COLLECTED" },
  atCutoff: { level: "Core Box", at: CUTOFF, status: "COLLECTED" },
  late: { level: "Core Box", at: CUTOFF + MINUTE, status: "COLLECTED" },
  digital: { level: "Digital Edition", at: LAUNCH + 2 * HOUR, status: "COLLECTED" },
  failed: { level: "Core Box", at: LAUNCH + 3 * HOUR, status: "FAILED" },
  errored: { level: "Deluxe Box", at: LAUNCH + 4 * HOUR, status: "ERRORED" },
  dropped: { level: "Core Box", at: LAUNCH + 5 * HOUR, status: "DROPPED" },
  beforeLaunch: { level: "Deluxe Box", at: LAUNCH - 2 * HOUR, status: "COLLECTED" },
  lateDeluxe: { level: "Deluxe Box", at: LAUNCH + 240 * HOUR, status: "COLLECTED" },
} as const satisfies Record<string, { level: Level; at: number; status: Status }>;
type Key = keyof typeof BACKERS;
type OwnBacker = { email: string; name: string; pledgeId: string };

/**
 * A campaign as Kickstarter leaves it: launch and end times, a physical core tier, a deluxe tier,
 * a digital-only tier, an enamel pin add-on in two finishes, and the backers above. The owner must
 * have signed in (so their user row exists). Everything carries a random tag: no other spec, nor a
 * second run against the same database, shares these rows.
 */
async function createEarlyBirdCampaign(ownerEmail: string) {
  const tag = randomBytes(3).toString("hex");
  const name = `Lanternfall ${tag}`;
  const pin = `Enamel pin ${tag}`;
  return withDatabase(async (client) => {
    await client.query("BEGIN");
    const { rows: projects } = await client.query<{ id: string }>(
      `INSERT INTO project (name, platform, currency, time_zone, launched_at, ended_at)
       VALUES ($1, 'KICKSTARTER', 'USD', 'America/Toronto', $2, $3) RETURNING id`,
      [name, new Date(LAUNCH), new Date(LAUNCH + 30 * 24 * HOUR)],
    );
    const projectId = projects[0].id;
    await client.query(
      `INSERT INTO membership (project_id, user_id, role) SELECT $1, id, 'OWNER' FROM "user" WHERE email = $2`,
      [projectId, ownerEmail],
    );
    const { rows: levels } = await client.query<{ id: string; name: Level }>(
      `INSERT INTO pledge_level (project_id, name, price, kind, kind_confirmed, collects_shipping_address, position)
       VALUES ($1, 'Core Box', 5900, 'PHYSICAL', true, true, 0), ($1, 'Deluxe Box', 9900, 'PHYSICAL', true, true, 1),
              ($1, 'Digital Edition', 2000, 'DIGITAL', true, false, 2)
       RETURNING id, name`,
      [projectId],
    );
    const levelId = new Map(levels.map((l) => [l.name, l.id]));
    const { rows: items } = await client.query<{ id: string }>(
      "INSERT INTO item (project_id, name, physical, is_add_on) VALUES ($1, $2, true, true) RETURNING id",
      [projectId, pin],
    );
    await client.query("INSERT INTO item_option (item_id, name, position) VALUES ($1, 'Gold', 0), ($1, 'Silver', 1)", [items[0].id]);
    const backers = {} as Record<Key, OwnBacker>;
    let number = 0;
    for (const [key, b] of Object.entries(BACKERS) as [Key, (typeof BACKERS)[Key]][]) {
      number += 1;
      const email = `${key.toLowerCase()}-${tag}@example.com`;
      const backerName = `${key} ${tag}`;
      const { rows } = await client.query<{ id: string }>(
        `WITH b AS (
           INSERT INTO backer (project_id, email, name, backer_number, country, shipping_name, shipping_country_name)
           VALUES ($1, $2, $3, $4, 'CA', $3, 'Canada') RETURNING id)
         INSERT INTO pledge (project_id, backer_id, pledge_level_id, amount, pledged_at, status, status_changed_at)
         SELECT $1, b.id, $5, $6, $7, $8, $7 FROM b RETURNING id`,
        [projectId, email, backerName, number, levelId.get(b.level), b.level === "Digital Edition" ? 2000 : 7500, new Date(b.at), b.status],
      );
      backers[key] = { email, name: backerName, pledgeId: rows[0].id };
    }
    await client.query("COMMIT");
    return { projectId, name, pin, backers };
  });
}

async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
  return withDatabase(async (client) => (await client.query(sql, params)).rows as T[]);
}

const emailsOf = (backers: Record<Key, OwnBacker>, keys: Key[]) => keys.map((k) => backers[k].email).sort();

/**
 * The reference's flows, end to end, on a campaign of the spec's own: the Early Bird Incentive
 * backers segment without failed backers and in physical tiers receives a free item; a partner
 * project's backers in physical tiers receive credit; a backer in both sees the item and the
 * credit on their pledge. Who is in, who is left out and who is emailed is checked backer by backer.
 */
test("early-bird free item and cross-collab credit reach exactly the backers they are meant for", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  // A busy machine renders slowly; the assertions wait for what a person would wait for.
  const slow = { timeout: 30_000 };
  const creatorEmail = `segment-incentives-${randomBytes(3).toString("hex")}@example.com`;
  await signIn(page, creatorEmail);
  const campaign = await createEarlyBirdCampaign(creatorEmail);
  const { backers } = campaign;
  const base = `/projects/${campaign.projectId}/segments`;
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // Advanced Segment Actions: the chart and summary say whom 48 hours catch, then both segments.
  await page.goto(`${base}/advanced`);
  await expect(page.getByRole("heading", { name: "Advanced Segment Actions" })).toBeVisible(slow);
  await page.getByLabel("Early-bird window (hours)").fill(String(WINDOW_HOURS));
  // first, lastMinute, digital, failed, errored, dropped and beforeLaunch; the busiest hour is the
  // one that starts at the cut-off (atCutoff and late), which the window leaves out.
  await expect(page.getByTestId("early-bird-summary")).toHaveText(
    "7 of 10 backers pledged within the first 48 hours (70%), including 1 dated before the launch time. " +
      "The busiest hour was hour 49 after launch, with 2 pledges.",
  );
  await expect(page.getByRole("img", { name: /Pledges per hour since launch/ })).toBeVisible(slow);
  await shot("early-bird-window");
  await page.getByRole("button", { name: "Generate segments of incentives offered" }).click();
  await expect(page.getByRole("link", { name: "Early Bird Incentive backers" })).toBeVisible(slow);
  await expect(page.getByRole("link", { name: "Returning backers" })).toBeVisible(slow);
  await page.getByRole("button", { name: "Create Failed Backers segment" }).click();
  await expect(page.getByText("Failed Backers is ready.")).toBeVisible(slow);

  // Create a New Segment: early birds, not failed backers, physical tiers only.
  await page.goto(`${base}/new`);
  const earlyName = `Early birds for the pin ${campaign.name}`;
  await page.getByLabel("Segment name").fill(earlyName);
  const addCondition = page.getByRole("combobox", { name: "Add a condition" });
  const conditions = page.getByTestId("segment-condition");
  await addCondition.selectOption({ label: "In any of these Segments" });
  await conditions.nth(0).getByLabel("Early Bird Incentive backers", { exact: true }).check();
  await expect(page.getByTestId("segment-live-count")).toHaveText("7", slow);
  await addCondition.selectOption({ label: "Not in any of these segments" });
  await conditions.nth(1).getByLabel("Failed Backers", { exact: true }).check();
  await expect(page.getByTestId("segment-live-count")).toHaveText("5", slow);
  await addCondition.selectOption({ label: "Pledge level kind" });
  await conditions.nth(2).getByLabel("Physical", { exact: true }).check();
  await expect(page.getByTestId("segment-live-count")).toHaveText("4", slow);
  await page.getByRole("button", { name: "Save This Segment" }).click();
  await expect(page.getByRole("heading", { name: earlyName })).toBeVisible(slow);
  await expect(page.getByTestId("segment-page-count")).toHaveText("4 backers", slow);
  // Earliest pledge first: the one dated before the launch, then the first minute, … the last minute.
  await expect(page.locator("tbody tr td:nth-child(3)")).toHaveText(
    ["beforeLaunch", "first", "dropped", "lastMinute"].map((k) => backers[k as Key].email),
  );
  await shot("early-bird-segment");

  // Segment Actions → Manually Add an Item, emailing the backers who receive it.
  await page.getByRole("link", { name: "Segment Actions" }).click();
  const itemCard = card(page, "Manually Add an Item");
  const pinIncentive = `Early bird pin ${campaign.name}`;
  await itemCard.getByLabel("Incentive name").fill(pinIncentive);
  await itemCard.getByLabel("Item", { exact: true }).selectOption({ label: campaign.pin });
  await itemCard.getByLabel("Option", { exact: true }).selectOption({ label: "Silver" });
  // The dropped pledge is in the segment but left out by default.
  await expect(itemCard.getByTestId("incentive-item-recipients")).toHaveText("3 backers", slow);
  await expect(itemCard.getByLabel(/Exclude dropped and refunded pledges \(1 backer in the segment\)/)).toBeChecked();
  await expect(itemCard.getByLabel(/Exclude digital-only pledges/)).toBeChecked();
  await expect(itemCard.getByLabel(/Exclude failed and errored payments/)).toBeChecked();
  await itemCard.getByLabel(/Email the backers who receive it/).check();
  await itemCard.getByRole("button", { name: "Manually Add an Item to 3 backers" }).click();
  await itemCard.getByRole("button", { name: "Confirm" }).click();
  await expect(itemCard.getByText(`Gave “${pinIncentive}” to 3 backers; 3 emails queued.`)).toBeVisible(slow);
  await shot("early-bird-item-given");
  const pinned = await rows<{ email: string; option: string; quantity: number }>(
    `SELECT b.email, o.name AS option, cl.quantity FROM cart_line cl JOIN pledge p ON p.id = cl.pledge_id
     JOIN backer b ON b.id = p.backer_id JOIN item_option o ON o.id = cl.item_option_id
     WHERE p.project_id = $1 AND cl.source = 'INCENTIVE' ORDER BY b.email`,
    [campaign.projectId],
  );
  expect(pinned).toEqual(emailsOf(backers, ["first", "lastMinute", "beforeLaunch"]).map((email) => ({ email, option: "Silver", quantity: 1 })));

  // Create Partner Project Segment from the partner's backer list, then keep its physical tiers.
  const csv = [
    "Backer Name,Email",
    `Partner Fan,${backers.first.email.toUpperCase()}`,
    ...(["late", "digital", "failed", "lateDeluxe"] as const).map((k) => `Someone,${backers[k].email}`),
    "Stranger,stranger@example.net",
  ].join("\n");
  await page.goto(`${base}/advanced`);
  const partner = card(page, "Create Partner Project Segment");
  const partnerSegment = `Cross Collab Backers ${campaign.name}`;
  await partner.getByLabel("Partner project").fill(`Harbour Lights ${campaign.name}`);
  await partner.getByLabel("Segment name").fill(partnerSegment);
  await partner
    .getByLabel("CSV file")
    .setInputFiles({ name: "partner-backers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await partner.getByRole("button", { name: "Create Partner Project Segment" }).click();
  await expect(partner.getByText(`“Harbour Lights ${campaign.name}” imported`)).toBeVisible(slow);
  const counts = partner.getByTestId("contact-list-counts");
  await expect(counts).toContainText("Emails: 6", slow);
  await expect(counts).toContainText("Backers of this project: 5");
  await expect(counts).toContainText("Not backers: 1");
  await expect(partner.getByText("Not backers: stranger@example.net.")).toBeVisible();
  await partner.getByRole("link", { name: "Create a New Segment of it in specific pledge levels" }).click();
  await expect(page.getByLabel("Segment name")).toHaveValue(`${partnerSegment} in physical tiers`, slow);
  const levels = page.getByTestId("segment-condition").nth(1);
  for (const name of ["Core Box", "Deluxe Box"]) await levels.getByLabel(name, { exact: true }).check();
  // The digital backer is left out by their tier; the failed one is still in the segment.
  await expect(page.getByTestId("segment-live-count")).toHaveText("4", slow);
  await page.getByRole("button", { name: "Save This Segment" }).click();
  await expect(page.getByRole("heading", { name: `${partnerSegment} in physical tiers` })).toBeVisible(slow);

  // Segment Actions → Assign Complimentary Credit, emailing the backers who receive it.
  await page.getByRole("link", { name: "Segment Actions" }).click();
  const creditCard = card(page, "Assign Complimentary Credit");
  const creditIncentive = `Cross-collab credit ${campaign.name}`;
  await creditCard.getByLabel("Incentive name").fill(creditIncentive);
  await creditCard.getByLabel("Credit per backer (USD)").fill("5.00");
  await expect(creditCard.getByTestId("incentive-credit-recipients")).toHaveText("3 backers", slow);
  await expect(creditCard.getByLabel(/Exclude failed and errored payments \(1 backer in the segment\)/)).toBeChecked();
  await creditCard.getByLabel(/Email the backers who receive it/).check();
  await creditCard.getByRole("button", { name: "Assign Complimentary Credit to 3 backers" }).click();
  await creditCard.getByRole("button", { name: "Confirm" }).click();
  await expect(creditCard.getByText(`Gave “${creditIncentive}” to 3 backers; 3 emails queued.`)).toBeVisible(slow);
  const credited = await rows<{ email: string; amount: number }>(
    `SELECT b.email, ce.amount FROM credit_entry ce JOIN pledge p ON p.id = ce.pledge_id JOIN backer b ON b.id = p.backer_id
     WHERE p.project_id = $1 ORDER BY b.email`,
    [campaign.projectId],
  );
  expect(credited).toEqual(emailsOf(backers, ["first", "late", "lateDeluxe"]).map((email) => ({ email, amount: 500 })));

  // The mail worker delivered one message per gift, to these backers and nobody else of the project.
  const gifts = (subject: string) => async () =>
    (
      await rows<{ to_email: string }>(
        "SELECT to_email FROM email_message WHERE project_id = $1 AND kind = 'incentive-granted' AND status = 'SENT' AND subject = $2 ORDER BY to_email",
        [campaign.projectId, subject],
      )
    ).map((r) => r.to_email);
  await expect
    .poll(gifts(`A gift from ${campaign.name}: ${pinIncentive}`), slow)
    .toEqual(emailsOf(backers, ["first", "lastMinute", "beforeLaunch"]));
  await expect.poll(gifts(`A gift from ${campaign.name}: ${creditIncentive}`), slow).toEqual(emailsOf(backers, ["first", "late", "lateDeluxe"]));
  const [{ n: allProjectMail }] = await rows<{ n: number }>("SELECT count(*)::int AS n FROM email_message WHERE project_id = $1", [campaign.projectId]);
  expect(allProjectMail).toBe(6);
  // The pin's email as the backer receives it, in the dev mailbox.
  const [pinMail] = await rows<{ id: string }>(
    "SELECT id FROM email_message WHERE project_id = $1 AND to_email = $2 AND subject = $3",
    [campaign.projectId, backers.first.email, `A gift from ${campaign.name}: ${pinIncentive}`],
  );
  await page.goto(`/dev/mailbox/${pinMail.id}`);
  await expect(page.frameLocator("iframe").locator("body")).toContainText(`1 × ${campaign.pin} (Silver)`, slow);

  // The backer in both sees the free item and the credit on their pledge summary.
  await page.context().clearCookies();
  await signIn(page, backers.first.email);
  await page.goto(`/pledges/${backers.first.pledgeId}`);
  const reward = page.getByRole("region", { name: "Reward" });
  await expect(reward.getByText("Free items from the creator")).toBeVisible(slow);
  const freeItem = reward.getByRole("listitem").filter({ hasText: `Gift: ${pinIncentive}` });
  await expect(freeItem).toContainText(campaign.pin, slow);
  await expect(freeItem).toContainText("Free");
  const summary = page.getByRole("region", { name: "Summary" });
  await expect(summary.getByText("Complimentary credit")).toBeVisible(slow);
  await shot("backer-pledge-with-gifts");
  await page.goto(`/pledges/${backers.first.pledgeId}/backing-details`);
  await expect(page.getByText(`Complimentary credit: ${creditIncentive}`)).toBeVisible(slow);

  // The creator takes the credit back; the undo runs as a job like the applies, and Activity lists all three.
  await page.context().clearCookies();
  await signIn(page, creatorEmail);
  await page.goto(`${base}/incentives`);
  const credit = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: creditIncentive }) });
  await credit.getByRole("button", { name: "Undo" }).click();
  await credit.getByRole("button", { name: "Confirm" }).click();
  await expect(credit.getByText("Undone", { exact: true })).toBeVisible(slow);
  // The ledger keeps the credit and its reversal: each of the three backers is back to nothing.
  const balances = await rows<{ email: string; balance: number }>(
    `SELECT b.email, sum(ce.amount)::int AS balance FROM credit_entry ce JOIN pledge p ON p.id = ce.pledge_id
     JOIN backer b ON b.id = p.backer_id WHERE p.project_id = $1 GROUP BY b.email ORDER BY b.email`,
    [campaign.projectId],
  );
  expect(balances).toEqual(emailsOf(backers, ["first", "late", "lateDeluxe"]).map((email) => ({ email, balance: 0 })));
  await page.goto(`/projects/${campaign.projectId}/activity`);
  const jobs = page.getByTestId("project-job-row");
  await expect(jobs.filter({ hasText: `Undo “${creditIncentive}”` })).toContainText(`Took “${creditIncentive}” back from 3 pledges.`);
  await expect(jobs.filter({ hasText: `Give “${pinIncentive}” to the segment` })).toContainText(
    `Gave “${pinIncentive}” to 3 backers. 3 emails queued.`,
  );
  await expect(jobs.filter({ hasText: `Give “${creditIncentive}” to the segment` })).toContainText(
    `Gave “${creditIncentive}” to 3 backers. 3 emails queued.`,
  );
  await shot("activity-incentive-jobs");
});

function card(page: Page, title: string): Locator {
  return page.locator("section", { has: page.getByRole("heading", { name: title, exact: true }) });
}
