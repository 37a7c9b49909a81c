import { expect, test } from "@playwright/test";
import { createE2eCampaign } from "./support/create-campaign";
import { signIn } from "./support/sign-in";

const CREATOR_EMAIL = "pledge-access-creator@example.com";

test("a backer sees their own pledge and gets 404 on another backer's", async ({ page, browser }) => {
  // The campaign's owner must exist before the campaign; they sign in once, in a browser of their own.
  const ownerContext = await browser.newContext();
  await signIn(await ownerContext.newPage(), CREATOR_EMAIL);
  await ownerContext.close();
  const campaign = await createE2eCampaign(CREATOR_EMAIL, { backers: 2 });
  const [backer, neighbour] = campaign.backers;
  const own = { email: backer.email, id: backer.pledgeId, project: campaign.name };
  const other = { id: neighbour.pledgeId };
  await signIn(page, own.email);

  await page.getByRole("link", { name: "Your pledges" }).first().click();
  await expect(page.getByRole("heading", { name: "Your pledges" })).toBeVisible();
  await page.locator(`a[href="/pledges/${own.id}"]`).click();
  await expect(page.getByRole("heading", { name: own.project, level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Summary" })).toBeVisible();
  await page.getByRole("link", { name: "Backing details" }).click();
  await expect(page.getByText("Nothing shipped or sent yet")).toBeVisible();

  const response = await page.goto(`/pledges/${other.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
