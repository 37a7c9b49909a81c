import { NextResponse, type NextRequest } from "next/server";
import { REQUESTED_PATH_HEADER } from "@/lib/auth/choose-return-path";
import { env } from "@/lib/env";
import { buildPageSecurityHeaders } from "@/lib/security/build-page-security-headers";
import { createCspNonce } from "@/lib/security/create-csp-nonce";

/**
 * Gives every page a fresh CSP nonce. Next reads the policy from the REQUEST headers while
 * rendering and puts its nonce on the framework's scripts; the same policy goes on the response
 * for the browser to enforce. The headers that never vary are set in next.config.ts. Under `npm
 * start` the web server sets these headers itself and this proxy does not run (applyPageSecurity);
 * it serves `next dev` and a plain `next start`.
 */
export function proxy(request: NextRequest) {
  const headers = buildPageSecurityHeaders({
    nonce: createCspNonce(),
    development: env.NODE_ENV === "development",
    appUrl: env.APP_URL,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["Content-Security-Policy"]);
  // Always overwritten, never taken from the client: the sign-in redirect returns here.
  requestHeaders.set(REQUESTED_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Static assets carry no scripts to nonce.
      source: "/((?!_next/static|_next/image|favicon.ico).*)",
      missing: [
        // Prefetches return RSC data, not documents: no policy to enforce, no render to nonce.
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
        // Next buffers a request body for the proxy and silently truncates it past
        // proxyClientMaxBodySize; uploads (backer reports up to 100 MB) must bypass the proxy.
        { type: "header", key: "content-type", value: "multipart/form-data.*" },
        // The production web server has set the same headers already (lib/security/apply-page-security.ts).
        { type: "header", key: "x-pledgehouse-page-security" },
      ],
    },
  ],
};
