import { randomBytes } from "node:crypto";

/**
 * A configuration that passes lib/env's production checks, for tests that start a real entry point
 * with NODE_ENV=production. The secret is random per call: fixed ones are refused in production.
 */
export function productionEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: "production",
    APP_URL: "https://pledges.example.com",
    AUTH_SECRET: randomBytes(32).toString("hex"),
    MAIL_FROM: "Pledgehouse <no-reply@pledges.example.com>",
    SMTP_URL: "smtp://127.0.0.1:2525",
    ...overrides,
  };
}
