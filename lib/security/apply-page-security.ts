import type { IncomingHttpHeaders } from "node:http";
import { REQUESTED_PATH_HEADER } from "@/lib/auth/choose-return-path";
import { buildPageSecurityHeaders } from "./build-page-security-headers";
import { createCspNonce } from "./create-csp-nonce";

/**
 * Set by the production web server on every request it hands to Next. proxy.ts's matcher skips
 * requests that carry it (the literal is repeated there: Next reads the matcher without running
 * code), so the per-request headers are made once, here, and Next's proxy machinery does not run.
 * The server always overwrites it, so a client cannot use it to skip anything; under `next dev`
 * (no such server) the proxy does the same work.
 */
export const PAGE_SECURITY_APPLIED_HEADER = "x-pledgehouse-page-security";

/** Files the browser loads as assets: no scripts to nonce (the proxy's matcher skips them too). */
const STATIC_ASSET = /^\/(?:_next\/static|_next\/image|favicon\.ico)/;

/** Next's own query parameter on router requests, which its proxy never shows either. */
const ROUTER_QUERY = "_rsc";

export type PageSecurityOptions = { development: boolean; appUrl: string };

/**
 * What proxy.ts does, for a request about to reach Next's handler from the production web server:
 * a fresh CSP nonce in the policy on the request (Next reads it there to nonce its scripts) and on
 * the response, and the requested path and query for the sign-in return. About a millisecond of
 * CPU less per page than Next's proxy, which builds a NextRequest, copies every header twice and
 * passes the overrides back through response headers.
 */
export function applyPageSecurity(
  request: { url?: string; headers: IncomingHttpHeaders },
  response: { setHeader(name: string, value: string): unknown },
  options: PageSecurityOptions,
): void {
  request.headers[PAGE_SECURITY_APPLIED_HEADER] = "1";
  const url = new URL(request.url ?? "/", "http://localhost");
  if (STATIC_ASSET.test(url.pathname)) {
    delete request.headers[REQUESTED_PATH_HEADER];
    return;
  }
  const headers = buildPageSecurityHeaders({ nonce: createCspNonce(), ...options });
  request.headers["content-security-policy"] = headers["Content-Security-Policy"];
  if (url.searchParams.has(ROUTER_QUERY)) url.searchParams.delete(ROUTER_QUERY);
  // Always overwritten, never taken from the client: the sign-in redirect returns here.
  request.headers[REQUESTED_PATH_HEADER] = `${url.pathname}${url.search}`;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
}
