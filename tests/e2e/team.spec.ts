import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createE2eCampaign } from "./support/create-campaign";
import { queryOne } from "./support/demo";
import { assignClientAddress, signIn } from "./support/sign-in";

/** The newest captured email of `kind` to `email`, opened in the dev mailbox. */
async function openNewestEmail(page: Page, email: string, kind: string): Promise<void> {
  let id = "";
  await expect(async () => {
    ({ id } = await queryOne<{ id: string }>(
      "SELECT id FROM email_message WHERE to_email = $1 AND kind = $2 ORDER BY created_at DESC LIMIT 1",
      [email, kind],
    ));
  }).toPass({ timeout: 15_000 });
  await page.goto(`/dev/mailbox/${id}`);
}

async function screenshots(page: Page, name: string, outputPath: (name: string) => string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: outputPath(`${name}-375.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("an owner invites a collaborator and a viewer; the viewer joins from the email and reads the report without mutating controls", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const tag = randomBytes(4).toString("hex");
  const ownerEmail = `team-owner-${tag}@example.com`;
  const collaboratorEmail = `team-collaborator-${tag}@example.com`;
  const viewerEmail = `team-viewer-${tag}@example.com`;

  await signIn(page, ownerEmail);
  const campaign = await createE2eCampaign(ownerEmail, { backers: 3 });
  const base = `/projects/${campaign.projectId}`;

  await page.goto(`${base}/team`);
  await expect(page.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();
  await expect(page.getByTestId("team-member")).toHaveCount(1);
  await expect(page.getByText("You are the only owner")).toBeVisible();

  for (const [email, role] of [
    [collaboratorEmail, "Collaborator"],
    [viewerEmail, "Viewer"],
  ] as const) {
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption({ label: role });
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  }
  const pending = page.getByTestId("team-invitation");
  await expect(pending).toHaveCount(2);
  await expect(pending.filter({ hasText: viewerEmail })).toContainText("Viewer");
  await expect(pending.filter({ hasText: collaboratorEmail })).toContainText("Collaborator");
  await screenshots(page, "team-owner", (name) => testInfo.outputPath(name));

  // The viewer, in a browser of their own, from the invitation email.
  const context = await browser.newContext({ baseURL: String(testInfo.project.use.baseURL) });
  const viewer = await context.newPage();
  await assignClientAddress(viewer);
  await openNewestEmail(viewer, viewerEmail, "team-invitation");
  await expect(viewer.getByText(`invited you to the team of ${campaign.name} as a Viewer`)).toBeVisible();
  // The dev mailbox lists the message's links above its HTML (which it shows in a frame).
  await viewer.locator('a[href*="/invitations/"]').first().click();
  await expect(viewer.getByRole("heading", { name: `Join ${campaign.name}` })).toBeVisible();
  await viewer.getByRole("link", { name: "Sign in to accept" }).click();
  await expect(viewer.getByLabel("Email address")).toHaveValue(viewerEmail);
  await viewer.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(viewer.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await openNewestEmail(viewer, viewerEmail, "sign-in");
  await viewer.locator('a[href*="/api/auth/magic-link/verify"]').first().click();
  await expect(viewer.getByRole("heading", { name: `Join ${campaign.name}` })).toBeVisible();
  await viewer.getByRole("button", { name: "Accept and open the project" }).click();
  // Wait for the accept to land on the project before going elsewhere, or the navigation can cut it off.
  await viewer.waitForURL((url) => url.pathname.startsWith(base), { timeout: 30_000 });

  await viewer.goto(`${base}/backers`);
  await expect(viewer.getByTestId("viewer-notice")).toContainText("You are a viewer of this project");
  await expect(viewer.getByText(campaign.backers[0].name)).toBeVisible();
  await expect(viewer.getByRole("link", { name: "Import backers" })).toHaveCount(0);
  await viewer.getByRole("checkbox", { name: `Select ${campaign.backers[0].name}` }).check();
  await expect(viewer.getByTestId("selection-count")).toHaveText("1 backer selected");
  await expect(viewer.getByTestId("selection-read-only")).toContainText("exports of backers' personal data are for owners and collaborators");
  for (const control of ["Export CSV", "Export Excel", "Add tracking numbers", "Send digital reward", "Add to segment"]) {
    await expect(viewer.getByRole("button", { name: control })).toHaveCount(0);
  }
  await viewer.goto(`${base}/segments`);
  await expect(viewer.getByRole("heading", { name: "Segments", level: 1 })).toBeVisible();
  await expect(viewer.getByRole("link", { name: "Create a New Segment" })).toHaveCount(0);
  await viewer.goto(`${base}/team`);
  await expect(viewer.getByRole("button", { name: "Send invitation" })).toHaveCount(0);
  await expect(viewer.getByText("Only an owner can invite people or change roles.")).toBeVisible();
  await screenshots(viewer, "team-viewer", (name) => testInfo.outputPath(name));
  await context.close();

  // Back with the owner: the viewer is a member, the collaborator's invitation still waits.
  await page.reload();
  const viewerRow = page.getByTestId("team-member").filter({ hasText: viewerEmail });
  await expect(viewerRow).toContainText("Viewer");
  await expect(viewerRow).toContainText("Joined");
  await expect(page.getByTestId("team-invitation")).toHaveCount(1);
  await page.goto(`${base}/activity`);
  await expect(page.getByText(`invited ${viewerEmail} as Viewer`)).toBeVisible();
  await expect(page.getByText("joined the team as Viewer")).toBeVisible();
});
