import { expect, test, type Browser } from "@playwright/test";
import pg from "pg";
import { createE2eCampaign, type E2eCampaign } from "./support/create-campaign";
import { signIn } from "./support/sign-in";

const CREATOR_EMAIL = "pledge-summary-creator@example.com";

async function withClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * A campaign of the test's own whose first backer has a physical pledge with an item included in
 * the level and an add-on they paid for, and a shipping address. The owner signs in once, in a
 * browser of their own, so their user row exists. Without `cart`, the items exist but nobody has them.
 */
async function campaignWithItems(browser: Browser, backers: number, cart = true): Promise<E2eCampaign & { tierItem: string; addOn: string; itemId: string }> {
  const owner = await browser.newContext();
  await signIn(await owner.newPage(), CREATOR_EMAIL);
  await owner.close();
  const campaign = await createE2eCampaign(CREATOR_EMAIL, { backers });
  const tierItem = `Core box ${campaign.projectId.slice(0, 8)}`;
  const addOn = `Metal coins ${campaign.projectId.slice(0, 8)}`;
  const itemId = await withClient(async (client) => {
    const { rows } = await client.query<{ id: string; name: string }>(
      "INSERT INTO item (project_id, name, physical, is_add_on) VALUES ($1, $2, true, false), ($1, $3, true, true) RETURNING id, name",
      [campaign.projectId, tierItem, addOn],
    );
    const tier = rows.find((row) => row.name === tierItem)!.id;
    const extra = rows.find((row) => row.name === addOn)!.id;
    if (!cart) return tier;
    await client.query(
      `INSERT INTO cart_line (pledge_id, item_id, quantity, unit_price, source)
       VALUES ($1, $2, 1, 0, 'PLEDGE_LEVEL'), ($1, $3, 1, 1500, 'ADD_ON')`,
      [campaign.backers[0].pledgeId, tier, extra],
    );
    await client.query("UPDATE backer SET shipping_city = 'Halifax', shipping_address_1 = '12 Harbour Road' WHERE id = $1", [campaign.backers[0].id]);
    return tier;
  });
  return { ...campaign, tierItem, addOn, itemId };
}

test("a backer sees their pledge summary: level, items, amount, payment status and shipping address", async ({ page, browser }) => {
  const campaign = await campaignWithItems(browser, 2);
  const { email } = campaign.backers[0];
  const pledge = { id: campaign.backers[0].pledgeId, level: "Deluxe", amount: 5000, city: "Halifax", add_on: campaign.addOn, tier_item: campaign.tierItem };

  await signIn(page, email);
  await page.goto("/pledges");
  await page.locator(`a[href="/pledges/${pledge.id}"]`).click();
  await expect(page.getByRole("heading", { name: campaign.name, level: 1 })).toBeVisible();
  await expect(page.getByText(`Your pledge · ${pledge.level}`)).toBeVisible();

  const status = page.getByRole("region", { name: "Payment status" });
  await expect(status).toContainText("Collected");
  await expect(status).toContainText("Your payment went through.");

  const reward = page.getByRole("region", { name: "Reward" });
  await expect(reward.getByText(pledge.level, { exact: true })).toBeVisible();
  await expect(reward.getByText(`Included in ${pledge.level}`)).toBeVisible();
  await expect(reward).toContainText(pledge.tier_item);
  await expect(reward.getByText("Add-ons")).toBeVisible();
  await expect(reward).toContainText(pledge.add_on);

  const total = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(pledge.amount / 100);
  await expect(page.getByRole("region", { name: "Summary" })).toContainText(`Total pledged${total}`);
  await expect(page.getByRole("region", { name: "Shipping address" })).toContainText(pledge.city);

  // Another backer's pledge of the same project does not exist for this backer.
  const other = { id: campaign.backers[1].pledgeId };
  for (const path of [`/pledges/${other.id}`, `/pledges/${other.id}/backing-details`]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
});

test("free items and complimentary credit show on the summary and the Backing details tab", async ({ page, browser }) => {
  // A campaign of this test's own: the free item and the credit change no other test's pledge.
  const campaign = await campaignWithItems(browser, 1, false);
  const { email } = campaign.backers[0];
  const target = { pledge_id: campaign.backers[0].pledgeId, project_id: campaign.projectId, item_id: campaign.itemId };
  const item = { name: campaign.tierItem };
  await withClient(async (client) => {
    const { rows } = await client.query<{ id: string; kind: string }>(
      `INSERT INTO incentive (project_id, name, kind, credit_amount, item_id)
       VALUES ($1, 'E2E thank-you gift', 'ITEM', NULL, $2), ($1, 'E2E delay apology', 'CREDIT', 1500, NULL)
       RETURNING id, kind::text AS kind`,
      [target.project_id, target.item_id],
    );
    const itemIncentive = rows.find((r) => r.kind === "ITEM")!.id;
    const creditIncentive = rows.find((r) => r.kind === "CREDIT")!.id;
    await client.query(
      `WITH g AS (INSERT INTO incentive_grant (incentive_id, pledge_id) VALUES ($1, $2) RETURNING id)
       INSERT INTO cart_line (pledge_id, item_id, quantity, unit_price, source, incentive_grant_id)
       SELECT $2, $3, 1, 0, 'INCENTIVE', g.id FROM g`,
      [itemIncentive, target.pledge_id, target.item_id],
    );
    await client.query(
      `WITH g AS (INSERT INTO incentive_grant (incentive_id, pledge_id) VALUES ($1, $2) RETURNING id)
       INSERT INTO credit_entry (pledge_id, amount, reason, incentive_grant_id) SELECT $2, 1500, 'E2E delay apology', g.id FROM g`,
      [creditIncentive, target.pledge_id],
    );
  });

  await signIn(page, email);
  await page.goto(`/pledges/${target.pledge_id}`);
  const reward = page.getByRole("region", { name: "Reward" });
  await expect(reward.getByText("Free items from the creator")).toBeVisible();
  await expect(reward.getByText("Gift: E2E thank-you gift")).toBeVisible();
  await expect(reward.getByText("Free", { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Summary" })).toContainText("Complimentary credit$15.00");

  await page.getByRole("link", { name: "Backing details" }).click();
  await expect(page).toHaveURL(`/pledges/${target.pledge_id}/backing-details`);
  const details = page.getByRole("region", { name: "Credit and free items" });
  await expect(details.getByTestId("credit-balance")).toHaveText("$15.00");
  await expect(details).toContainText("E2E delay apology");
  await expect(details).toContainText(item.name);
  await expect(page.getByText("Nothing shipped or sent yet")).toHaveCount(0);
});
