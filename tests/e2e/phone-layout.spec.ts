import { expect, test, type Page } from "@playwright/test";
import { DEMO, queryOne } from "./support/demo";
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

test("creator pages fit a phone screen", async ({ page }) => {
  const project = await queryOne<{ id: string }>("SELECT id FROM project WHERE name = $1", [DEMO.projectName]);
  const backer = await queryOne<{ id: string }>(
    "SELECT b.id FROM backer b JOIN pledge p ON p.backer_id = b.id WHERE b.project_id = $1 ORDER BY b.backer_number LIMIT 1",
    [project.id],
  );
  await signIn(page, DEMO.creatorEmail);
  const base = `/projects/${project.id}`;
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

test("a backer's pledge summary fits a phone screen", async ({ page }) => {
  const pledge = await queryOne<{ id: string; email: string }>(
    `SELECT p.id, b.email FROM pledge p JOIN backer b ON b.id = p.backer_id JOIN project pr ON pr.id = b.project_id
     WHERE pr.name = $1 ORDER BY b.backer_number LIMIT 1`,
    [DEMO.projectName],
  );
  await signIn(page, pledge.email);
  await expectNoSidewaysScroll(page, "/pledges");
  await expectNoSidewaysScroll(page, `/pledges/${pledge.id}`);
  await expectNoSidewaysScroll(page, `/pledges/${pledge.id}/backing-details`);
});
