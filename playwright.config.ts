import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against the production build (`npm test` builds it and sets DATABASE_URL,
 * APP_URL, AUTH_SECRET, ENABLE_DEV_MAILBOX, MAIL_WORKER_IN_PROCESS and INSECURE_COOKIES; the web
 * server below inherits them).
 *
 * Playwright cannot download browsers on our machines, so Debian's Chromium is used when present;
 * elsewhere (a laptop with `npx playwright install chromium`) Playwright's own browser.
 */
// E2E_PORT lets several checkouts on one machine run their e2e stages side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((file) => existsSync(file));
const isRoot = process.getuid?.() === 0;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: ".data/tmp/playwright-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [["list"], ["json"]] : "list",
  use: {
    baseURL: `http://localhost:${PORT}`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      ...(systemChromium ? { executablePath: systemChromium } : {}),
      args: [
        ...(isRoot ? ["--no-sandbox"] : []),
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium" }],
  webServer: {
    // The production web process as `npm start` runs it (the bundle built by `npm run build`).
    command: `node .next/standalone/web.mjs`,
    env: { PORT: String(PORT), HOST: "127.0.0.1" },
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
