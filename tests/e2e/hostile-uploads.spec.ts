import { expect, test, type Page } from "@playwright/test";
import { HOSTILE_FILES, IMG_NAME, kickstarterCsv, SCRIPT_NAME } from "../support/hostile-files";
import { queryOne } from "./support/demo";
import { signIn } from "./support/sign-in";
import { confirmImportAndWait } from "./support/confirm-import";

const hostile = (id: string) => {
  const file = HOSTILE_FILES.find((entry) => entry.id === id);
  if (!file) throw new Error(`No hostile file ${id}`);
  return { name: file.fileName, mimeType: "text/csv", buffer: Buffer.from(file.bytes()) };
};

/** A creator of the spec's own, who signs up by signing in: nothing of the demo data is used. */
const CREATOR_EMAIL = "hostile-uploads-creator@example.com";

type BackerRow = Parameters<typeof kickstarterCsv>[0][number];

/**
 * A project of the test's own, with backers imported through the real preview and confirm routes:
 * other specs write to the demo project at the same time, so "nothing changed" is only checkable
 * on a project nobody else touches.
 */
async function createProjectWithBackers(page: Page, projectName: string, rows: BackerRow[]): Promise<string> {
  await page.goto("/projects/new");
  await page.getByLabel("Project name").fill(projectName);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: "Import your backers" })).toBeVisible();
  const projectId = /\/projects\/([0-9a-f-]{36})\/imports$/.exec(new URL(page.url()).pathname)![1];
  const file = { name: "hostile.csv", mimeType: "text/csv", buffer: Buffer.from(kickstarterCsv(rows)) };
  const preview = await (await page.request.post(`/projects/${projectId}/imports/preview`, { multipart: { file } })).json();
  expect(preview.data.ok).toBe(true);
  expect(await confirmImportAndWait(page, projectId, file, preview.data.importId)).toMatchObject({ status: "DONE" });
  return projectId;
}

async function projectState(projectId: string): Promise<{ backers: number; shipments: number; firstBackerId: string }> {
  return queryOne(
    `SELECT (SELECT count(*)::int FROM backer b WHERE b.project_id = $1) AS backers,
            (SELECT count(*)::int FROM shipment s JOIN pledge p ON p.id = s.pledge_id WHERE p.project_id = $1) AS shipments,
            (SELECT b.id::text FROM backer b WHERE b.project_id = $1 ORDER BY b.backer_number LIMIT 1) AS "firstBackerId"`,
    [projectId],
  );
}

/** The backer report still answers, and fast: the server survived what came before. */
async function expectBackerReportServes(page: Page, projectId: string): Promise<void> {
  const started = Date.now();
  const response = await page.goto(`/projects/${projectId}/backers`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Backer report", exact: true })).toBeVisible();
  expect(Date.now() - started).toBeLessThan(15_000);
}

test("hostile uploads to the production server get clear answers and the server keeps serving", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, CREATOR_EMAIL);
  const stamp = Date.now();
  const projectId = await createProjectWithBackers(page, `Hostile uploads ${stamp}`, [
    { name: "Ada Lovelace", email: `ada-${stamp}@example.com` },
    { name: "Grace Hopper", email: `grace-${stamp}@example.com` },
  ]);
  const project = { id: projectId, ...(await projectState(projectId)) };
  const importUrl = `/projects/${project.id}/imports/preview`;
  const trackingUrl = `/projects/${project.id}/tracking/preview`;
  const selection = JSON.stringify({ kind: "ids", ids: [project.firstBackerId] });

  // 101 MB: refused from its declared length, before the body is read.
  const huge = await page.request.post(importUrl, { multipart: { file: hostile("import-101-mb") }, timeout: 120_000 });
  expect(huge.status()).toBe(413);
  expect((await huge.json()).message).toMatch(/The upload is 101\.0 MB; the limit is 100\.0 MB\. .*Nothing was changed\./);
  await expectBackerReportServes(page, project.id);

  // A ZIP bomb declaring 4.7 GB: a preview that lists the problem and cannot be confirmed.
  const bomb = await page.request.post(importUrl, { multipart: { file: hostile("import-zip-bomb-honest") } });
  const bombBody = await bomb.json();
  expect(bombBody.data.ok).toBe(false);
  expect(bombBody.data.problems.map((p: { message: string }) => p.message)).toContain(
    "backer-report.zip unpacks to 4.7 GB; the limit is 300.0 MB.",
  );
  const confirm = await page.request.post(`/projects/${project.id}/imports/confirm`, {
    multipart: { file: hostile("import-zip-bomb-honest"), importId: bombBody.data.importId },
  });
  expect(await confirm.text()).toContain('"message":"This import was rejected; fix the file and upload it again."');

  // A ZIP bomb whose entries lie about their size is stopped while inflating.
  const lying = await page.request.post(importUrl, { multipart: { file: hostile("import-zip-bomb-lying") } });
  expect(JSON.stringify(await lying.json())).toContain("which is how ZIP bombs work");
  await expectBackerReportServes(page, project.id);

  // 50,000 columns.
  const wide = await page.request.post(importUrl, { multipart: { file: hostile("import-50000-columns") } });
  const wideBody = await wide.json();
  expect(wideBody.data.ok).toBe(false);
  expect(wideBody.data.problems[0].message).toContain("The columns of wide.csv are not those of a Kickstarter backer report.");

  // The same files at the tracking upload: a 4xx with the message as text.
  const trackingHuge = await page.request.post(trackingUrl, {
    multipart: { file: hostile("tracking-101-mb"), selection },
    timeout: 120_000,
  });
  // Refused from its declared length too, before the form is buffered.
  expect(trackingHuge.status()).toBe(413);
  expect(await trackingHuge.text()).toMatch(/The upload is 101\.0 MB; the limit is 100\.0 MB\. .*Nothing was changed\./);

  const trackingBomb = await page.request.post(trackingUrl, { multipart: { file: hostile("tracking-zip-bomb"), selection } });
  expect(JSON.stringify(await trackingBomb.json())).toContain("tracking.csv is a ZIP archive, not a CSV file.");
  const trackingWide = await page.request.post(trackingUrl, { multipart: { file: hostile("tracking-50000-columns"), selection } });
  const trackingWideBody = await trackingWide.json();
  expect(trackingWideBody.readable).toBe(false);
  expect(trackingWideBody.problems[0].message).toMatch(/^tracking-wide\.csv has no "Tracking Number" column/);

  await expectBackerReportServes(page, project.id);
  expect(await projectState(project.id)).toEqual({ backers: 2, shipments: 0, firstBackerId: project.firstBackerId });
});

test("names, notes and project names with HTML are shown as text in the backer report and the pledge summary", async ({ page }) => {
  const alerts: string[] = [];
  page.on("dialog", async (dialog) => {
    alerts.push(dialog.message());
    await dialog.dismiss();
  });
  await signIn(page, CREATOR_EMAIL);
  // The backer never sees their own name on the pledge summary; the project's name is the
  // creator-written text they do see, so it carries markup too.
  const projectName = `Hostile <img src=x onerror=alert("project")> names ${Date.now()}`;
  const backerEmail = `hostile-${Date.now()}@example.com`;
  const projectId = await createProjectWithBackers(page, projectName, [
    { name: SCRIPT_NAME, email: backerEmail, notes: '<b>VIP</b> <img src=x onerror=alert("note")>' },
    { name: IMG_NAME, email: `img-${backerEmail}` },
  ]);

  await page.goto(`/projects/${projectId}/backers`);
  await expect(page.getByText(SCRIPT_NAME, { exact: true }).first()).toBeVisible();
  await expect(page.getByText(IMG_NAME, { exact: true }).first()).toBeVisible();
  // Text, not markup: no element was made from the names.
  expect(await page.locator("main script, main img[src='x']").count()).toBe(0);

  await page.context().clearCookies();
  await signIn(page, backerEmail);
  await page.goto("/pledges");
  await page.getByRole("link").filter({ hasText: projectName }).first().click();
  await expect(page.getByRole("heading", { name: projectName })).toBeVisible();
  expect(await page.locator("main script, main img[src='x']").count()).toBe(0);
  expect(alerts).toEqual([]);
});
