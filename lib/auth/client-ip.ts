/**
 * The client address to rate-limit by, from an X-Forwarded-For value: its last entry, which is
 * the address the nearest proxy saw (entries to its left are whatever the client claimed). Better
 * Auth ignores multi-entry headers unless told which proxies to trust, and would then put every
 * client behind a proxy into one shared sign-in bucket.
 */
export function clientIpFromForwardedFor(value: string | null | undefined): string | null {
  const entries = (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.at(-1) ?? null;
}

/** The request with a single-entry X-Forwarded-For (see `clientIpFromForwardedFor`); unchanged otherwise. */
export function withSingleForwardedFor(request: Request): Request {
  const value = request.headers.get("x-forwarded-for");
  const ip = clientIpFromForwardedFor(value);
  if (!ip || ip === value) return request;
  const headers = new Headers(request.headers);
  headers.set("x-forwarded-for", ip);
  return new Request(request, { headers });
}
