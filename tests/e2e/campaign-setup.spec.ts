import { expect, test, type Locator, type Page } from "@playwright/test";
import { berlinCampaignBackers, buildKickstarterCampaignZip } from "../support/kickstarter-campaign-zip";
import { DEMO, queryOne } from "./support/demo";
import { signIn } from "./support/sign-in";

/**
 * What a new user did with a real Kickstarter export: a project launching at 14:00 in Berlin, the
 * per-reward ZIP with a digital-only tier and Kickstarter's "No reward", the suggested kinds
 * confirmed, then the early-bird segment, a physical free item and its warnings.
 */
test("a campaign launched at 14:00 in Berlin finds its early birds and keeps a physical gift away from the digital-only tier", async ({ page }) => {
  test.setTimeout(300_000);
  const slow = { timeout: 30_000 };
  const campaign = berlinCampaignBackers();
  const name = `Tidepool Lanterns ${Date.now()}`;
  await signIn(page, DEMO.creatorEmail);

  // New project: 14:00 on Saturday 24 October 2026, Berlin time (the clocks go back that night).
  await page.goto("/projects/new");
  await page.getByLabel("Project name").fill(name);
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByLabel("Launch date").fill("2026-10-24");
  await page.getByLabel("Launch time").fill("14:00");
  await page.getByLabel("End date").fill("2026-11-23");
  await page.getByLabel("End time").fill("14:00");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: "Import your backers" })).toBeVisible(slow);
  const projectId = /\/projects\/([0-9a-f-]{36})\/imports$/.exec(new URL(page.url()).pathname)![1];
  const stored = await queryOne<{ launched_at: Date; time_zone: string }>("SELECT launched_at, time_zone FROM project WHERE id = $1", [projectId]);
  expect(stored.launched_at.toISOString()).toBe(campaign.launch.toISOString());
  expect(stored.time_zone).toBe("Europe/Berlin");

  // Import the ZIP; the preview suggests each new level's kind, to confirm before anything is written.
  await page.getByLabel("Backer report file").setInputFiles({
    name: "Tidepool Lanterns - Backer Report.zip",
    mimeType: "application/zip",
    buffer: Buffer.from(buildKickstarterCampaignZip(campaign.backers)),
  });
  await expect(page.getByText("Check the preview, then import")).toBeVisible(slow);
  const kinds = page.getByRole("group", { name: "Confirm the kind of each new pledge level" });
  await expect(kinds.getByLabel("Kind of Digital Edition")).toHaveValue("DIGITAL");
  await expect(kinds.getByText("None of its 6 backers paid shipping or gave an address.")).toBeVisible();
  await expect(kinds.getByLabel("Kind of No reward")).toHaveValue("NO_REWARD");
  await expect(kinds.getByLabel("Kind of Lantern", { exact: true })).toHaveValue("PHYSICAL");
  await expect(kinds.getByLabel("Kind of Early Bird Lantern")).toHaveValue("PHYSICAL");
  // The project has a launch time, so none is proposed.
  await expect(page.getByRole("group", { name: "Confirm the launch time" })).toHaveCount(0);
  await screenshot(page, "import-preview");
  await page.getByRole("button", { name: `Import ${campaign.backers.length} backers` }).click();
  await expect(page.getByRole("heading", { name: "Backers imported" })).toBeVisible(slow);
  const levels = await queryOne<{ kinds: string[] }>(
    `SELECT array_agg(name || ':' || kind || ':' || kind_confirmed ORDER BY name) AS kinds FROM pledge_level WHERE project_id = $1`,
    [projectId],
  );
  expect(levels.kinds).toEqual([
    "Digital Edition:DIGITAL:true",
    "Early Bird Lantern:PHYSICAL:true",
    "Lantern:PHYSICAL:true",
    "No reward:NO_REWARD:true",
  ]);

  // The early-bird page says which launch moment and window end it uses, on Berlin's clock.
  await page.goto(`/projects/${projectId}/segments/advanced`);
  await page.getByLabel("Early-bird window (hours)").fill("48");
  const window = page.getByTestId("early-bird-window");
  await expect(window).toContainText("Launch: Sat, Oct 24, 2026, 14:00 GMT+2 (Europe/Berlin)", slow);
  await expect(window).toContainText("The window ends Mon, Oct 26, 2026, 13:00 GMT+1 (Europe/Berlin)");
  await page.getByRole("button", { name: "Generate segments of incentives offered" }).click();
  await page.getByRole("link", { name: "Early Bird Incentive backers" }).click();
  await expect(page.getByTestId("segment-page-count")).toHaveText(`${campaign.earlyEmails.length} backers`, slow);
  expect(campaign.earlyEmails.length).toBe(24);
  const listed = await page.getByRole("cell", { name: /@example\.com$/ }).allTextContents();
  expect(listed.map((email) => email.trim()).sort()).toEqual([...campaign.earlyEmails].sort());

  // A physical free item for the early birds: digital-only and no-reward pledges are left out by default.
  await page.getByRole("link", { name: "Segment Actions" }).click();
  const itemCard = card(page, "Manually Add an Item");
  await itemCard.getByLabel("Incentive name").fill("Early bird pin");
  await itemCard.getByLabel("Item", { exact: true }).selectOption({ label: await itemLabel(itemCard, "Brass Pin") });
  const digitalOnly = itemCard.getByLabel(/Exclude digital-only pledges/);
  await expect(digitalOnly).toBeChecked(slow);
  await expect(itemCard.getByText("Exclude digital-only pledges (4 backers in the segment)")).toBeVisible(slow);
  await expect(itemCard.getByTestId("incentive-item-recipients")).toHaveText("19 backers", slow);
  await expect(itemCard.getByText(/do not collect a shipping address/)).toHaveCount(0);
  // Including the digital-only tier: the reference's warning about the shipping address fires.
  await digitalOnly.uncheck();
  await expect(itemCard.getByTestId("incentive-item-recipients")).toHaveText("23 backers", slow);
  await expect(
    itemCard.getByText(
      "4 backers are in pledge levels that do not collect a shipping address: the address will not be collected, so “Brass Pin” cannot be shipped to them unless “Collect Shipping Address” is enabled for those levels.",
    ),
  ).toBeVisible(slow);
  await expect(itemCard.getByText(/kind is not confirmed/)).toHaveCount(0);
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

/** Set SETUP_SCREENSHOTS=<dir> to keep desktop and 375 px screenshots of the setup pages. */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SETUP_SCREENSHOTS;
  if (!dir) return;
  const desktop = page.viewportSize();
  await page.screenshot({ path: `${dir}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: `${dir}/${name}-375.png`, fullPage: true });
  if (desktop) await page.setViewportSize(desktop);
}

test("an unconfirmed level kind is flagged until confirmed on Pledge levels, and settings and level changes appear in Activity", async ({ page }) => {
  test.setTimeout(240_000);
  const slow = { timeout: 30_000 };
  await signIn(page, DEMO.creatorEmail);
  await page.goto("/projects/new");
  await page.getByLabel("Project name").fill(`Harbour Lights ${Date.now()}`);
  await page.getByLabel("Time zone").fill("America/New_York");
  await page.getByLabel("Launch date").fill("2026-03-07");
  await page.getByLabel("Launch time").fill("09:00");
  await screenshot(page, "new-project");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: "Import your backers" })).toBeVisible(slow);
  const projectId = /\/projects\/([0-9a-f-]{36})\/imports$/.exec(new URL(page.url()).pathname)![1];
  // A level as imports stored them before kinds were suggested: physical by default, never confirmed.
  await queryOne("INSERT INTO pledge_level (project_id, name, price, kind) VALUES ($1, 'Soundtrack', 1500, 'PHYSICAL') RETURNING id", [projectId]);

  await page.goto(`/projects/${projectId}/segments/new`);
  await expect(page.getByText("A pledge level's kind is not confirmed")).toBeVisible(slow);
  await expect(page.getByText(/The kind of “Soundtrack” \(physical, digital only or no reward\) was suggested by an import/)).toBeVisible();
  await page.getByRole("link", { name: "Confirm the kinds on Pledge levels" }).click();

  const level = page.getByRole("form", { name: "Pledge level Soundtrack" });
  await expect(level.getByText("Kind suggested by the import: not confirmed")).toBeVisible(slow);
  await level.getByLabel("Kind").selectOption({ label: "Digital only" });
  await level.getByLabel("Collect Shipping Address").uncheck();
  await screenshot(page, "pledge-levels");
  await level.getByRole("button", { name: "Save and confirm kind" }).click();
  await expect(level.getByText("Kind confirmed")).toBeVisible(slow);
  await page.goto(`/projects/${projectId}/segments/new`);
  await expect(page.getByRole("heading", { name: "Create a New Segment" })).toBeVisible(slow);
  await expect(page.getByText("A pledge level's kind is not confirmed")).toHaveCount(0);

  // Items: add a physical item with a weight and options.
  await page.getByRole("link", { name: "Items", exact: true }).click();
  const add = page.getByRole("form", { name: "Add an item" });
  await add.getByLabel("Name").fill("Enamel pin");
  await add.getByLabel("SKU").fill("PIN-01");
  await add.getByLabel("Weight (g)").fill("30");
  await add.getByLabel("Options").fill("Gold, Silver");
  await add.getByRole("button", { name: "Add item" }).click();
  const pin = page.getByRole("form", { name: "Item Enamel pin" });
  // The item's form lists its options, each with its own name field (to rename) and a Remove box (none uses them yet).
  await expect(pin.getByLabel("Name of option Gold")).toHaveValue("Gold", slow);
  await expect(pin.getByLabel("Name of option Silver")).toHaveValue("Silver");
  await expect(pin.getByRole("checkbox", { name: "Remove Gold" })).toBeVisible();
  await screenshot(page, "items");

  // Settings: 09:00 New York becomes 10:00, after the clocks went forward on 8 March.
  await page.goto(`/projects/${projectId}/settings`);
  await expect(page.getByTestId("settings-launch")).toContainText("Launched Sat, Mar 7, 2026, 09:00 GMT-5 (America/New_York)", slow);
  await page.getByLabel("Launch date").fill("2026-03-08");
  await page.getByLabel("Launch time").fill("10:00");
  await screenshot(page, "settings");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible(slow);
  const stored = await queryOne<{ launched_at: Date }>("SELECT launched_at FROM project WHERE id = $1", [projectId]);
  expect(stored.launched_at.toISOString()).toBe("2026-03-08T14:00:00.000Z");

  await page.goto(`/projects/${projectId}/activity`);
  await expect(page.getByText(/changed the pledge level “Soundtrack”/)).toBeVisible(slow);
  await expect(page.getByText("Physical → Digital only")).toBeVisible();
  await expect(page.getByText(/changed the project settings \(launch\)/)).toBeVisible();
  await expect(page.getByText(/added the item “Enamel pin”/)).toBeVisible();
  await expect(page.getByText("Sat, Mar 7, 2026, 09:00 GMT-5 (America/New_York) → Sun, Mar 8, 2026, 10:00 GMT-4 (America/New_York)")).toBeVisible();
  await screenshot(page, "activity");
});
