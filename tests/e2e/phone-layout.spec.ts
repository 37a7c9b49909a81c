import { expect, test, type Page } from "@playwright/test";
import { createE2eCampaign, type E2eCampaign } from "./support/create-campaign";
import { signIn } from "./support/sign-in";

/**
 * Creators check orders on their phones: no page may be wider than a 375 px screen. Wide tables
 * scroll inside their own box; the page itself never scrolls sideways.
 */
async function expectNoSidewaysScroll(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator("main")).toBeVisible();
  const { scrollWidth, clientWidth, culprits } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = Array.from(document.querySelectorAll("body *"))
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .filter((element) => (element.parentElement?.getBoundingClientRect().right ?? 0) <= width + 1)
      .slice(0, 5)
      .map((element) => `<${element.tagName.toLowerCase()} class="${element.getAttribute("class") ?? ""}">`);
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, culprits: wide };
  });
  expect(scrollWidth, `${url} is ${scrollWidth}px wide on a ${clientWidth}px screen; widest: ${culprits.join(", ")}`).toBeLessThanOrEqual(clientWidth);
}

test.use({ viewport: { width: 375, height: 812 } });

const CREATOR_EMAIL = "phone-layout-creator@example.com";

/** The spec's own campaign, created once its owner has signed in (so their user row exists). */
let campaign: E2eCampaign | undefined;
async function ownCampaign(page: Page): Promise<E2eCampaign> {
  await signIn(page, CREATOR_EMAIL);
  campaign ??= await createE2eCampaign(CREATOR_EMAIL, { backers: 40 });
  return campaign;
}

test("creator pages fit a phone screen", async ({ page }) => {
  const { projectId, backers } = await ownCampaign(page);
  const backer = backers[0];
  const base = `/projects/${projectId}`;
  for (const url of [
    "/projects",
    base,
    `${base}/backers`,
    `${base}/backers?sort=amount&dir=desc`,
    `${base}/backers/${backer.id}/tracking`,
    `${base}/backers/${backer.id}/digital-reward`,
    `${base}/segments`,
    `${base}/segments/new`,
    `${base}/segments/advanced`,
    `${base}/segments/incentives`,
    `${base}/digital-rewards`,
    `${base}/digital-rewards/new`,
    `${base}/imports`,
    `${base}/imports/new`,
    `${base}/activity`,
    `${base}/mail`,
  ]) {
    await expectNoSidewaysScroll(page, url);
  }
});

test("a backer's pledge summary fits a phone screen", async ({ page, browser }) => {
  const ownerContext = await browser.newContext();
  const { backers } = await ownCampaign(await ownerContext.newPage());
  await ownerContext.close();
  const pledge = { id: backers[0].pledgeId, email: backers[0].email };
  await signIn(page, pledge.email);
  await expectNoSidewaysScroll(page, "/pledges");
  await expectNoSidewaysScroll(page, `/pledges/${pledge.id}`);
  await expectNoSidewaysScroll(page, `/pledges/${pledge.id}/backing-details`);
});
