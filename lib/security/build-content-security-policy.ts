export type ContentSecurityPolicyOptions = {
  /** Fresh per request; Next copies it onto its own scripts when it finds it in the request's CSP. */
  nonce: string;
  /** `next dev`: React's error overlay needs eval and hot reloading a websocket. */
  development: boolean;
  /** Served over https (APP_URL): have the browser upgrade any stray http:// subresource. */
  https: boolean;
};

/**
 * The Content-Security-Policy for a page response. Scripts run only when they carry the request's
 * nonce or were loaded by one that does ('strict-dynamic'), so injected markup cannot run script.
 *
 * Styles allow 'unsafe-inline' (and therefore no nonce, which would disable it): Radix's scroll
 * lock inserts a <style> element without a nonce when a dialog or menu opens, the upload progress
 * bars are style attributes, and the dev mailbox shows emails, which are all inline styles, in a
 * srcdoc iframe that inherits this policy. Style injection cannot run script.
 */
export function buildContentSecurityPolicy({ nonce, development, https }: ContentSecurityPolicyOptions): string {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(nonce)) throw new Error("A CSP nonce must be base64.");
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...(development ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  const policy = Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(" ")}`);
  if (https) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}
