const BASE = "http://pledgehouse.invalid";

/** A path that stays on this site when put in a Location header: exactly one leading slash, no backslash, no control characters. */
function isSameSitePath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !path.includes("\\") && !/[\u0000-\u001f\u007f]/.test(path);
}

/**
 * A same-site path to go to after sign-in, or null. Anything that could leave the site (absolute
 * URLs, protocol-relative `//host`, backslash tricks) is refused, so `?next=` is no open redirect.
 * The check applies to the path actually returned, after dot segments are resolved: `/.//evil.example`
 * starts with one slash but normalises to `//evil.example`.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return null;
  if (!isSameSitePath(value)) return null;
  try {
    const url = new URL(value, BASE);
    if (url.origin !== BASE) return null;
    const path = `${url.pathname}${url.search}${url.hash}`;
    if (!isSameSitePath(path) || new URL(path, BASE).origin !== BASE) return null;
    return path;
  } catch {
    return null;
  }
}
