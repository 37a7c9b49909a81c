/**
 * A same-site path to go to after sign-in, or null. Anything that could leave the site (absolute
 * URLs, protocol-relative `//host`, backslash tricks) is refused, so `?next=` is no open redirect.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  if (/[\u0000-\u001f]/.test(value)) return null;
  try {
    const url = new URL(value, "http://pledgehouse.invalid");
    if (url.origin !== "http://pledgehouse.invalid") return null;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return null;
  }
}
