import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { kickstarterCsv } from "../support/hostile-files";
import { DEMO, queryOne } from "./support/demo";
import { signIn } from "./support/sign-in";
import { confirmImportAndWait } from "./support/confirm-import";

/**
 * Attacks from the security probe, replayed against the production build over real HTTP: an open
 * redirect after sign-in, request bodies that never end, and a stranger creating projects to mail
 * from the instance's address.
 */

const MB = 1024 * 1024;

/**
 * Posts a multipart body with chunked transfer encoding (no Content-Length), writing up to
 * `maxBytes` and stopping as soon as the server answers. Resolves with the status, the answer and
 * how much had been sent by then.
 */
async function postChunked(page: Page, path: string, maxBytes: number): Promise<{ status: number; body: string; sentBytes: number }> {
  const baseURL = new URL(page.url()).origin;
  const cookie = (await page.context().cookies(baseURL)).map((c) => `${c.name}=${c.value}`).join("; ");
  const boundary = "----pledgehouse-probe";
  const url = new URL(path, baseURL);
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const request = http.request(url, {
      method: "POST",
      headers: { cookie, origin: baseURL, "content-type": `multipart/form-data; boundary=${boundary}`, "transfer-encoding": "chunked" },
    });
    request.on("response", (response) => {
      answered = true;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body, sentBytes });
      });
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="backers.csv"\r\nContent-Type: text/csv\r\n\r\nEmail\r\n`);
    const chunk = Buffer.alloc(MB, "a@example.com\r\n");
    request.write(head);
    const pump = () => {
      while (!answered && sentBytes < maxBytes) {
        sentBytes += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (!answered) request.end(`\r\n--${boundary}--\r\n`);
    };
    pump();
  });
}

test("after sign-in, ?next= never leads off the site, whatever dot segments it holds", async ({ page, baseURL }) => {
  await signIn(page, DEMO.creatorEmail);
  for (const next of ["/.//evil.example", "/pledges/..//evil.example", "/a/.././/evil.example/x"]) {
    const response = await page.request.get(`/sign-in?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
    expect(response.status(), next).toBeGreaterThanOrEqual(300);
    const location = response.headers()["location"] ?? "";
    expect(new URL(location, baseURL).origin, `${next} → ${location}`).toBe(new URL(baseURL!).origin);
  }
});

/** A project of the test's own, created through the new-project form; returns its id. */
async function createOwnProject(page: Page, name: string): Promise<string> {
  await page.goto("/projects/new");
  await page.getByLabel("Project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: "Import your backers" })).toBeVisible();
  return /\/projects\/([0-9a-f-]{36})\//.exec(new URL(page.url()).pathname + "/")![1];
}

test("a stored filter from year 0000 and crafted cursors give messages, never a 500", async ({ page }) => {
  await signIn(page, DEMO.creatorEmail);
  const stamp = Date.now();
  const projectId = await createOwnProject(page, `Broken filters ${stamp}`);
  // Backers, imported through the real routes: the report shows its notes only above a table.
  const file = { name: "backers.csv", mimeType: "text/csv", buffer: Buffer.from(kickstarterCsv([{ email: `ada-${stamp}@example.com` }, { email: `grace-${stamp}@example.com` }])) };
  const preview = await (await page.request.post(`/projects/${projectId}/imports/preview`, { multipart: { file } })).json();
  expect(preview.data.ok).toBe(true);
  expect(await confirmImportAndWait(page, projectId, file, preview.data.importId)).toMatchObject({ status: "DONE" });
  // As saved before the schema refused such dates: straight into the table.
  const { id: segmentId } = await queryOne<{ id: string }>(
    `INSERT INTO segment (project_id, name, kind, filter, updated_at)
     VALUES ($1, 'Year zero', 'FILTER', $2::jsonb, now()) RETURNING id::text`,
    [projectId, JSON.stringify({ type: "and", conditions: [{ type: "pledgedBetween", from: "0000-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }] })],
  );

  const list = await page.goto(`/projects/${projectId}/segments`);
  expect(list?.status()).toBe(200);
  await expect(page.getByText(/must be between the years 1 and 9999/).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete Year zero" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit Year zero" })).toBeVisible();

  const own = await page.goto(`/projects/${projectId}/segments/${segmentId}`);
  expect(own?.status()).toBe(200);
  await expect(page.getByText(/must be between the years 1 and 9999/).first()).toBeVisible();

  const report = await page.goto(`/projects/${projectId}/backers?segment=${segmentId}`);
  expect(report?.status()).toBe(200);
  await expect(page.getByText(/has a filter that no longer works/)).toBeVisible();

  const crafted = Buffer.from(JSON.stringify(["status", "asc", "NOT_A_STATUS", "00000000-0000-4000-8000-000000000000"])).toString("base64url");
  const cursor = await page.goto(`/projects/${projectId}/backers?sort=status&dir=asc&after=${crafted}`);
  expect(cursor?.status()).toBe(200);
  await expect(page.getByText(/The page position in this link/)).toBeVisible();
});

test("a chunked upload without Content-Length is refused with 413 at the limit, not read whole", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, DEMO.creatorEmail);
  const projectId = await createOwnProject(page, `Chunked uploads ${Date.now()}`);

  // Up to 1 GB offered; the answer must come once about 101 MB have arrived.
  const preview = await postChunked(page, `/projects/${projectId}/imports/preview`, 1024 * MB);
  expect(preview.status).toBe(413);
  expect(JSON.parse(preview.body).message).toMatch(/^The upload is larger than the limit of 100\.0 MB\. .*Nothing was changed\./);
  expect(preview.sentBytes).toBeLessThan(300 * MB);

  // The template route takes only a selection: its limit is 1 MB.
  const template = await postChunked(page, `/projects/${projectId}/tracking/template`, 64 * MB);
  expect(template.status).toBe(413);
  expect(template.sentBytes).toBeLessThan(32 * MB);

  const report = await page.goto(`/projects/${projectId}/backers`);
  expect(report?.status()).toBe(200);
});

test("an account nobody invited cannot create a project to mail from the instance's address", async ({ page }) => {
  const stranger = `stranger-${Date.now()}@mailer.invalid`;
  await signIn(page, stranger);
  await page.goto("/projects/new");
  await expect(page.getByText("Creating projects is by invitation")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create project" })).toHaveCount(0);
});
