import { expect, test } from "@playwright/test";
import pg from "pg";
import { DEMO, queryOne } from "./support/demo";
import { signIn } from "./support/sign-in";

const EARLIER_PROJECT_NAME = "Tidewater: First Edition";

/** The backer seedDemo reports as `backerEmail` (prisma/seed.ts pickDemoBackerEmail), found the same way. */
async function demoBacker() {
  return queryOne<{ email: string }>(
    `SELECT b.email
     FROM backer b
     JOIN pledge p ON p.backer_id = b.id
     JOIN pledge_level pl ON pl.id = p.pledge_level_id
     JOIN project main ON main.id = b.project_id AND main.name = $1
     JOIN project earlier ON earlier.name = $2
     WHERE p.status = 'COLLECTED' AND pl.kind = 'PHYSICAL'
       AND EXISTS (SELECT 1 FROM backer o WHERE o.project_id = earlier.id AND o.email = b.email)
     ORDER BY EXISTS (SELECT 1 FROM cart_line c WHERE c.pledge_id = p.id AND c.source = 'ADD_ON') DESC, b.backer_number
     LIMIT 1`,
    [DEMO.projectName, EARLIER_PROJECT_NAME],
  );
}

async function withClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

test("a backer sees their pledge summary: level, items, amount, payment status and shipping address", async ({ page }) => {
  const { email } = await demoBacker();
  const pledge = await queryOne<{ id: string; level: string; amount: number; city: string; add_on: string; tier_item: string }>(
    `SELECT p.id, pl.name AS level, p.amount, b.shipping_city AS city,
            (SELECT i.name FROM cart_line c JOIN item i ON i.id = c.item_id WHERE c.pledge_id = p.id AND c.source = 'ADD_ON' ORDER BY i.name LIMIT 1) AS add_on,
            (SELECT i.name FROM cart_line c JOIN item i ON i.id = c.item_id WHERE c.pledge_id = p.id AND c.source = 'PLEDGE_LEVEL' ORDER BY i.name LIMIT 1) AS tier_item
     FROM backer b JOIN pledge p ON p.backer_id = b.id JOIN pledge_level pl ON pl.id = p.pledge_level_id JOIN project pr ON pr.id = b.project_id
     WHERE b.email = $1 AND pr.name = $2`,
    [email, DEMO.projectName],
  );

  await signIn(page, email);
  await page.goto("/pledges");
  await page.locator(`a[href="/pledges/${pledge.id}"]`).click();
  await expect(page.getByRole("heading", { name: DEMO.projectName, level: 1 })).toBeVisible();
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
  const other = await queryOne<{ id: string }>(
    `SELECT p.id FROM pledge p JOIN backer b ON b.id = p.backer_id JOIN project pr ON pr.id = b.project_id
     WHERE pr.name = $1 AND b.email <> $2 ORDER BY b.backer_number LIMIT 1`,
    [DEMO.projectName, email],
  );
  for (const path of [`/pledges/${other.id}`, `/pledges/${other.id}/backing-details`]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
});

test("free items and complimentary credit show on the summary and the Backing details tab", async ({ page }) => {
  const { email } = await demoBacker();
  // The backer's pledge of the earlier campaign gets a free item and credit, removed afterwards.
  const target = await queryOne<{ pledge_id: string; project_id: string; item_id: string }>(
    `SELECT p.id AS pledge_id, pr.id AS project_id,
            (SELECT i.id FROM item i WHERE i.project_id = pr.id ORDER BY i.name LIMIT 1) AS item_id
     FROM backer b JOIN pledge p ON p.backer_id = b.id JOIN project pr ON pr.id = b.project_id
     WHERE b.email = $1 AND pr.name = $2`,
    [email, EARLIER_PROJECT_NAME],
  );
  const item = await queryOne<{ name: string }>("SELECT name FROM item WHERE id = $1", [target.item_id]);
  const incentiveIds = await withClient(async (client) => {
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
    return [itemIncentive, creditIncentive];
  });

  try {
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
  } finally {
    await withClient(async (client) => {
      await client.query("DELETE FROM credit_entry WHERE pledge_id = $1 AND reason = 'E2E delay apology'", [target.pledge_id]);
      await client.query("DELETE FROM incentive WHERE id = ANY($1::uuid[])", [incentiveIds]);
    });
  }
});
