import { expect, test } from "@playwright/test";
import { queryOne } from "./support/demo";
import { signIn } from "./support/sign-in";

test("a backer sees their own pledge and gets 404 on another backer's", async ({ page }) => {
  const own = await queryOne<{ email: string; id: string; project: string }>(
    `SELECT b.email, p.id, pr.name AS project FROM backer b JOIN pledge p ON p.backer_id = b.id JOIN project pr ON pr.id = b.project_id
     ORDER BY b.backer_number, b.email LIMIT 1`,
  );
  const other = await queryOne<{ id: string }>(
    `SELECT p.id FROM pledge p JOIN backer b ON b.id = p.backer_id WHERE b.email <> $1 ORDER BY b.backer_number LIMIT 1`,
    [own.email],
  );
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
