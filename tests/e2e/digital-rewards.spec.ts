import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { createE2eCampaign } from "./support/create-campaign";
import { DEMO } from "./support/demo";
import { signIn } from "./support/sign-in";

type Row = { id: string; name: string; email: string; pledge_id: string; backer_number: number };

async function queryAll<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function createReward(
  page: Page,
  projectId: string,
  name: string,
  kind: "Unique access codes" | "Shared access code",
  instructions: string,
) {
  await page.goto(`/projects/${projectId}/digital-rewards/new`);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("radio", { name: new RegExp(`^${kind}`) }).check();
  await page.getByLabel(/Instructions for backers/).fill(instructions);
  await page.getByRole("button", { name: "Create digital reward" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
}

async function select(page: Page, rows: Row[]) {
  for (const row of rows)
    await page.getByRole("checkbox", { name: `Select ${row.name || row.email}`, exact: true }).check();
  await expect(page.getByRole("region", { name: "Selected backers" }).getByTestId("selection-count")).toHaveText(
    `${rows.length} backers selected`,
  );
}

test("send unique codes and a shared URL from the backer report; a backer sees theirs on Backing details", async ({
  page,
}, testInfo) => {
  // Two sends as jobs, two code bank uploads and three sign-ins: more than the default minute on a busy machine.
  test.setTimeout(120_000);
  // A campaign of the spec's own, so no other spec sends these backers anything meanwhile; listed
  // from the highest backer number down, as the report is sorted below.
  const campaign = await createE2eCampaign(DEMO.creatorEmail, { backers: 5 });
  const project = { id: campaign.projectId };
  const rows: Row[] = campaign.backers
    .map((b) => ({ id: b.id, name: b.name, email: b.email, pledge_id: b.pledgeId, backer_number: b.backerNumber }))
    .reverse();
  const run = Date.now().toString(36);
  const uniqueName = `Soundtrack key ${run}`;
  const sharedName = `Wallpapers ${run}`;
  const codes = [`OST-${run}-A`, `OST-${run}-B`, `OST-${run}-C`];
  const sharedUrl = `https://example.com/wallpapers/${run}`;

  await signIn(page, DEMO.creatorEmail);
  await createReward(
    page,
    project.id,
    uniqueName,
    "Unique access codes",
    "Redeem at https://example.com/redeem before June.",
  );
  await createReward(page, project.id, sharedName, "Shared access code", "Pick your size.");

  // Unique codes to three backers: a wrong count is refused with the numbers, then the right list is sent.
  await page.goto(`/projects/${project.id}/backers?sort=number&dir=desc`);
  const unique = rows.slice(0, 3);
  await select(page, unique);
  const bar = page.getByRole("region", { name: "Selected backers" });
  await bar.getByRole("button", { name: "Send digital reward" }).click();
  const dialog = page.getByRole("dialog", { name: "Send digital reward" });
  await dialog.getByLabel("Digital reward").selectOption({ label: `${uniqueName} — unique access codes` });
  await dialog.getByRole("radio", { name: "Paste codes" }).check();
  await dialog.getByRole("textbox", { name: "Codes" }).fill(`${codes[0]}, ${codes[1]}`);
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByRole("alert")).toContainText("You gave 2 codes for 3 recipients");
  // The codes as a file, through the same upload pipeline as the code bank: a repeated code is
  // named with its file and rows; the corrected file previews who gets which code.
  await dialog.getByRole("radio", { name: "Upload CSV, TXT or .xlsx" }).check();
  const sendFile = dialog.getByLabel("CSV, TXT or Excel (.xlsx) file");
  await sendFile.setInputFiles({
    name: "keys.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`Code\n${codes[0]}\n${codes[1]}\n${codes[0]}\n`),
  });
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByRole("alert")).toContainText(`"${codes[0]}" (2 times: row 2 of keys.csv; row 4 of keys.csv)`);
  await sendFile.setInputFiles({ name: "keys.csv", mimeType: "text/csv", buffer: Buffer.from(`Code\n${codes.join("\n")}\n`) });
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByTestId("send-preview")).toContainText("Recipients");
  await expect(dialog.getByTestId("send-preview")).toContainText(codes[2]);
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: testInfo.outputPath(`send-dialog-file-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await dialog.getByRole("button", { name: "Send to 3 backers" }).click();
  // The send runs as a job in the worker: the dialog follows it to its result.
  await expect(dialog.getByRole("status")).toContainText(`“${uniqueName}” was sent to 3 backers.`, { timeout: 30_000 });
  await dialog.getByRole("button", { name: "Done" }).click();
  await bar.getByRole("button", { name: "Clear selection" }).click();

  // The shared URL to two other backers.
  const shared = rows.slice(3, 5);
  await select(page, shared);
  await bar.getByRole("button", { name: "Send digital reward" }).click();
  await dialog.getByLabel("Digital reward").selectOption({ label: `${sharedName} — shared access code` });
  await dialog.getByLabel("Shared access code or URL").fill(sharedUrl);
  await dialog.getByRole("button", { name: "Preview" }).click();
  await dialog.getByRole("button", { name: "Send to 2 backers" }).click();
  await expect(dialog.getByRole("status")).toContainText(`“${sharedName}” was sent to 2 backers.`, { timeout: 30_000 });
  await dialog.getByRole("button", { name: "Done" }).click();

  // Codes went out in backer-number order, one per backer.
  const delivered = await queryAll<{ email: string; value: string; reward: string }>(
    `SELECT b.email, d.value, r.name AS reward FROM digital_reward_delivery d JOIN digital_reward r ON r.id = d.digital_reward_id
     JOIN pledge p ON p.id = d.pledge_id JOIN backer b ON b.id = p.backer_id WHERE r.name = ANY($1) ORDER BY r.name, b.backer_number`,
    [[uniqueName, sharedName]],
  );
  const byNumber = [...unique].sort((a, b) => a.backer_number - b.backer_number);
  expect(delivered.filter((d) => d.reward === uniqueName)).toEqual(
    byNumber.map((row, i) => ({ email: row.email, value: codes[i], reward: uniqueName })),
  );
  expect(delivered.filter((d) => d.reward === sharedName).map((d) => d.value)).toEqual([sharedUrl, sharedUrl]);

  // Both sends ran as jobs: Activity lists them with what they did.
  await page.goto(`/projects/${project.id}/activity`);
  const sends = page.getByTestId("project-job-row");
  await expect(sends.filter({ hasText: `Send digital reward “${uniqueName}”` })).toContainText(`“${uniqueName}” was sent to 3 backers.`);
  await expect(sends.filter({ hasText: `Send digital reward “${sharedName}”` })).toContainText(`“${sharedName}” was sent to 2 backers.`);

  // The reward page counts them; the bank is empty.
  await page.goto(`/projects/${project.id}/digital-rewards`);
  await page.getByRole("link", { name: uniqueName }).click();
  await expect(page.getByTestId("sent-count")).toHaveText("3");

  // The code bank takes a file through the upload route: a list naming a code already sent and a
  // repeat is refused row by row and adds nothing; the corrected file is added and counted.
  const bankFile = page.getByLabel("Or upload a CSV, TXT or Excel (.xlsx) file");
  const addToBank = page.getByRole("button", { name: "Add to code bank" });
  await bankFile.setInputFiles({
    name: "more-keys.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`Code\n${codes[0]}\nOST-${run}-D\nOST-${run}-D\n`),
  });
  await addToBank.click();
  const refused = page.getByRole("alert").filter({ hasText: "Nothing was added" });
  await expect(refused).toContainText(`"OST-${run}-D" (2 times: row 3 of more-keys.csv; row 4 of more-keys.csv)`);
  await expect(page.getByTestId("codes-left")).toHaveText("0");
  await bankFile.setInputFiles({ name: "more-keys.csv", mimeType: "text/csv", buffer: Buffer.from(`Code\nOST-${run}-D\nOST-${run}-E\n`) });
  await addToBank.click();
  await expect(page.getByText("Added 2 codes. The bank now has 2 unused.")).toBeVisible();
  await expect(page.getByTestId("codes-left")).toHaveText("2");
  await expect(addToBank).toBeEnabled();

  // A backer who got a unique code sees it, with the instructions' link, on Backing details.
  const backer = byNumber[1];
  await page.context().clearCookies();
  await signIn(page, backer.email);
  await page.goto(`/pledges/${backer.pledge_id}/backing-details`);
  const section = page.getByRole("region", { name: "Digital rewards" });
  const reward = section.getByTestId("digital-reward").filter({ hasText: uniqueName });
  await expect(reward).toContainText(codes[1]);
  await expect(reward.getByRole("link", { name: "https://example.com/redeem" })).toHaveAttribute(
    "href",
    "https://example.com/redeem",
  );
  await expect(reward.getByRole("button", { name: "Copy code" })).toBeVisible();

  // And one who got the shared URL sees the link.
  await page.context().clearCookies();
  await signIn(page, shared[0].email);
  await page.goto(`/pledges/${shared[0].pledge_id}/backing-details`);
  const link = page.getByRole("region", { name: "Digital rewards" }).getByRole("link", { name: sharedUrl });
  await expect(link).toHaveAttribute("href", sharedUrl);
});
