/**
 * Headers every response carries, whatever serves it (pages, route handlers, static assets); set
 * in next.config.ts. The Content-Security-Policy and Strict-Transport-Security depend on the
 * request and the runtime APP_URL, so the proxy adds those (see `buildPageSecurityHeaders`).
 */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // For browsers that predate CSP's frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];
