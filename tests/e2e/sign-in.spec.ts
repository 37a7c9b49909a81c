import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { createE2eCampaign } from "./support/create-campaign";
import { followSignInLinkFromMailbox, signIn, assignClientAddress } from "./support/sign-in";

/** A creator of the test's own, never seen by another test or an earlier run. */
const newCreatorEmail = (role: string) => `sign-in-${role}-${randomBytes(4).toString("hex")}@example.com`;

const shots = process.env.E2E_SCREENSHOT_DIR;

test("a newcomer signs in through the dev mailbox and lands on their projects", async ({ page }) => {
  // A creator whose campaign is already here (an import by a teammate), and someone else's.
  const creatorEmail = newCreatorEmail("creator");
  const mine = await createE2eCampaign(creatorEmail, { backers: 1 });
  const theirs = await createE2eCampaign(newCreatorEmail("other"), { backers: 1 });
  await assignClientAddress(page);
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Pledgehouse" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Pledgehouse");
  if (shots) await page.screenshot({ path: `${shots}/landing.png`, fullPage: true });

  await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  // A bad address is explained before anything is sent.
  await page.getByLabel("Email address").fill("creator@");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByText("Enter a valid email address, such as you@example.com.")).toBeVisible();

  await page.getByLabel("Email address").fill(`  ${creatorEmail.toUpperCase()} `);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await expect(page.getByText(creatorEmail)).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/check-inbox.png`, fullPage: true });

  await page.getByRole("link", { name: "Open the dev mailbox" }).click();
  await expect(page).toHaveURL(/\/dev\/mailbox$/);
  await followSignInLinkFromMailbox(page, creatorEmail);

  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByRole("heading", { name: "Projects", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: new RegExp(mine.name) })).toBeVisible();
  await expect(page.getByText(theirs.name)).toHaveCount(0);
  await expect(page.getByText(creatorEmail).first()).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/projects.png`, fullPage: true });

  await page.getByRole("link", { name: new RegExp(mine.name) }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${mine.projectId}/backers$`));
  await expect(
    page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Backer report" }),
  ).toHaveAttribute("aria-current", "page");
  if (shots) await page.screenshot({ path: `${shots}/project.png`, fullPage: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("main").getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprojects$/);
});

test("another creator's project answers 404, like a project that does not exist", async ({ page }) => {
  const { projectId: id, name: theirs } = await createE2eCampaign(newCreatorEmail("other"), { backers: 1 });
  const creatorEmail = newCreatorEmail("creator");
  await createE2eCampaign(creatorEmail, { backers: 1 });
  await signIn(page, creatorEmail);

  for (const path of [`/projects/${id}`, `/projects/${id}/backers`, `/projects/${id}/segments`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByText(theirs)).toHaveCount(0);
  }
  if (shots) await page.screenshot({ path: `${shots}/not-found.png`, fullPage: true });

  const missing = await page.goto("/projects/00000000-0000-4000-8000-000000000000/backers");
  expect(missing?.status()).toBe(404);
});

test("a signed-out visitor is sent to sign in and comes back to the page they asked for", async ({ page }) => {
  await assignClientAddress(page);
  const ownerEmail = newCreatorEmail("owner");
  const { projectId: id } = await createE2eCampaign(ownerEmail, { backers: 1 });
  await page.goto(`/projects/${id}/mail?page=1`);
  await expect(page).toHaveURL(new RegExp(`/sign-in\\?next=%2Fprojects%2F${id}%2Fmail%3Fpage%3D1$`));
  await page.getByLabel("Email address").fill(ownerEmail);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await followSignInLinkFromMailbox(page, ownerEmail);
  await expect(page).toHaveURL(new RegExp(`/projects/${id}/mail\\?page=1$`));
  await expect(page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Mail" })).toHaveAttribute(
    "aria-current",
    "page",
  );
});
