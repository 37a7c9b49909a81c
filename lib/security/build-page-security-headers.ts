import { buildContentSecurityPolicy } from "./build-content-security-policy";

export type PageSecurityHeadersOptions = {
  nonce: string;
  development: boolean;
  /** The public URL (APP_URL); https turns on HSTS and upgrade-insecure-requests. */
  appUrl: string;
};

/**
 * The per-request security headers the proxy sets: the nonce-based Content-Security-Policy, and
 * Strict-Transport-Security when the app is served over https. HSTS over plain http would be
 * ignored by browsers at best, and would pin a localhost or staging name to https at worst.
 */
export function buildPageSecurityHeaders({ nonce, development, appUrl }: PageSecurityHeadersOptions): Record<string, string> {
  const https = new URL(appUrl).protocol === "https:";
  return {
    "Content-Security-Policy": buildContentSecurityPolicy({ nonce, development, https }),
    ...(https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
