/** Longest code or URL accepted; real access codes and download links are far shorter. */
export const MAX_ACCESS_VALUE_LENGTH = 2_000;

export type AccessValueCheck = { ok: true; value: string; isUrl: boolean } | { ok: false; message: string };

// Anything of the form "scheme:" that a browser would follow instead of showing as text.
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const NON_HTTP_SCHEMES = new Set(["javascript", "data", "vbscript", "file", "ftp", "mailto", "blob", "about"]);
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Checks one access code or URL, as a backer will receive it. A value that starts with a scheme is
 * a link and must be a well-formed http or https URL (Pledgehouse does not host files; a link to
 * where the reward lives is fine, a javascript: or file: link is never sent). Anything else is a
 * code: no spaces or control characters, at most MAX_ACCESS_VALUE_LENGTH characters. `label`
 * names the value in messages ("Code 3", "The shared code").
 */
export function validateAccessValue(raw: string, label = "The code"): AccessValueCheck {
  const value = raw.trim();
  if (value === "") return { ok: false, message: `${label} is blank.` };
  if (value.length > MAX_ACCESS_VALUE_LENGTH) {
    return {
      ok: false,
      message: `${label} is ${value.length.toLocaleString("en-US")} characters long; the limit is ${MAX_ACCESS_VALUE_LENGTH.toLocaleString("en-US")}.`,
    };
  }
  if (CONTROL.test(value))
    return { ok: false, message: `${label} contains a tab, line break or other invisible character.` };
  if (/\s/.test(value)) {
    return {
      ok: false,
      message: `${label} "${clip(value)}" contains a space. Codes and links cannot contain spaces: separate codes with commas or new lines.`,
    };
  }
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  const looksLikeLink =
    scheme !== undefined && (value.slice(scheme.length + 1).startsWith("//") || NON_HTTP_SCHEMES.has(scheme));
  if (!looksLikeLink) return { ok: true, value, isUrl: false };
  if (scheme !== "http" && scheme !== "https") {
    return {
      ok: false,
      message: `${label} "${clip(value)}" is a ${scheme}: link. Only http and https links can be sent; link to the page where the reward lives.`,
    };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: `${label} "${clip(value)}" is not a valid web address.` };
  }
  if (!url.hostname || (!url.hostname.includes(".") && url.hostname !== "localhost")) {
    return { ok: false, message: `${label} "${clip(value)}" has no valid host name (such as example.com).` };
  }
  return { ok: true, value, isUrl: true };
}

/** Whether a stored value is an http(s) link, for rendering it as one. */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value) && URL.canParse(value);
}

function clip(value: string, max = 60): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
