/**
 * Whether a request came from another site's page. Browsers may send the session cookie with a
 * cross-site form post, so route handlers that change data or download backers' details answer
 * only our own pages. Uses Origin when present (compared with the host the request reached), else
 * the Fetch Metadata header; an unparseable Origin counts as cross-site.
 */
export function isCrossSiteRequest(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return request.headers.get("sec-fetch-site") === "cross-site";
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
