import { randomUUID } from "node:crypto";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { queryOne } from "./demo";

type Cookies = Awaited<ReturnType<BrowserContext["cookies"]>>;

/** Session cookies per email, per worker process: each worker signs a user in through mail once. */
const sessions = new Map<string, Cookies>();

let clientCounter = 0;

/**
 * Makes the page's requests look like they come from their own client address. Sign-in is rate
 * limited per IP (lib/auth/sign-in-limits.ts); without this every test would share 127.0.0.1's
 * budget. Next keeps an incoming X-Forwarded-For, which is what a proxy in front of it would set.
 */
export async function assignClientAddress(page: Page): Promise<void> {
  clientCounter += 1;
  const address = `10.${(process.pid >> 8) & 255}.${process.pid & 255}.${clientCounter}`;
  await page.context().setExtraHTTPHeaders({ "x-forwarded-for": address });
}

/**
 * Opens the newest captured message to `email` in the dev mailbox and follows its sign-in link,
 * as a newcomer would. The mailbox lists messages newest first.
 */
export async function followSignInLinkFromMailbox(page: Page, email: string): Promise<void> {
  await page.goto("/dev/mailbox");
  const message = page.locator('a[href^="/dev/mailbox/"]').filter({ hasText: email }).first();
  await expect(async () => {
    await page.reload();
    await expect(message).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await message.click();
  await clickSignInLink(page);
}

async function clickSignInLink(page: Page): Promise<void> {
  const link = page.locator('a[href*="/api/auth/magic-link/verify"]').first();
  await expect(link).toBeVisible();
  await link.click();
}

/**
 * Signs `email` in through the real flow: the sign-in form, the captured email in the dev mailbox,
 * its link. Tests in other workers may sign the same user in at the same moment, so the request
 * carries a nonce (in the link's return path) that identifies its own message. One address may
 * receive only a few sign-in links per 15 minutes (lib/auth/sign-in-limits.ts), so the session is
 * remembered and reused by later calls in the same worker while it is still valid.
 */
export async function signIn(page: Page, email: string): Promise<void> {
  await assignClientAddress(page);
  const remembered = sessions.get(email);
  if (remembered) {
    await page.context().addCookies(remembered);
    await page.goto("/");
    if (await page.getByRole("button", { name: "Sign out" }).isVisible()) return;
    await page.context().clearCookies();
  }

  const nonce = randomUUID();
  await page.goto(`/sign-in?next=${encodeURIComponent(`/?signed-in=${nonce}`)}`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  let messageId = "";
  await expect(async () => {
    ({ id: messageId } = await queryOne<{ id: string }>(
      "SELECT id FROM email_message WHERE to_email = $1 AND kind = 'sign-in' AND strpos(html, $2) > 0",
      [email.trim().toLowerCase(), nonce],
    ));
  }).toPass({ timeout: 15_000 });
  await page.goto(`/dev/mailbox/${messageId}`);
  await clickSignInLink(page);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  sessions.set(email, await page.context().cookies());
}
