import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createE2eCampaign } from "./support/create-campaign";
import { queryOne } from "./support/demo";
import { signIn } from "./support/sign-in";

/** The spec's own creator: their account comes with their campaign (createE2eCampaign). */
const CREATOR_EMAIL = "segment-static-rename-creator@example.com";

test("a static segment made from the backer report can be renamed and described", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const slow = { timeout: 30_000 };
  const run = randomUUID().slice(0, 6);
  // A campaign of the spec's own: its backers' names are unique, and no other spec touches them.
  const campaign = await createE2eCampaign(CREATOR_EMAIL, { backers: 3 });
  const project = { id: campaign.projectId };
  const backer = campaign.backers[1];

  await signIn(page, CREATOR_EMAIL);
  await page.goto(`/projects/${project.id}/backers`);
  await page.getByRole("checkbox", { name: `Select ${backer.name}`, exact: true }).check();
  const bar = page.getByRole("region", { name: "Selected backers" });
  await bar.getByRole("button", { name: "Add to segment" }).click();
  await page.getByRole("menuitem", { name: "New static segment…" }).click();
  const dialog = page.getByRole("dialog", { name: "New static segment" });
  await dialog.getByLabel("Segment name").fill(`Reshipments ${run}`);
  await dialog.getByRole("button", { name: "Create and add" }).click();
  await expect(page.getByText(`Added 1 backer to “Reshipments ${run}”.`)).toBeVisible(slow);

  await page.goto(`/projects/${project.id}/segments`);
  await page.getByRole("link", { name: `Reshipments ${run}`, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Reshipments ${run}`, slow);
  await page.getByRole("link", { name: `Edit Reshipments ${run}` }).click();
  await expect(page.getByText("A static list has no filter")).toBeVisible(slow);

  // An empty name is refused with the field's own message, and nothing is saved.
  const name = page.getByLabel("Segment name");
  await expect(name).toHaveValue(`Reshipments ${run}`);
  await name.fill("  ");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator("#segment-name-error")).toHaveText("Give the segment a name", slow);
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await page.screenshot({ path: testInfo.outputPath("static-segment-edit-error.png"), fullPage: true });

  await name.fill(`Damaged in transit ${run}`);
  await page.getByLabel("Description").fill("Boxes the courier reported crushed; reship from the EU warehouse.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/segments/[0-9a-f-]+$`), slow);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Damaged in transit ${run}`, slow);
  await expect(page.getByText("Boxes the courier reported crushed; reship from the EU warehouse.")).toBeVisible();
  await expect(page.getByTestId("segment-page-count")).toHaveText("1 backer");
  await page.screenshot({ path: testInfo.outputPath("static-segment-renamed.png"), fullPage: true });

  const saved = await queryOne<{ kind: string; members: number }>(
    `SELECT s.kind::text, (SELECT count(*)::int FROM segment_member m WHERE m.segment_id = s.id) AS members
       FROM segment s WHERE s.project_id = $1 AND s.name = $2`,
    [project.id, `Damaged in transit ${run}`],
  );
  expect(saved).toEqual({ kind: "STATIC", members: 1 });
});
