/** Emails are stored trimmed and lower-cased (a database CHECK enforces it), so matching ignores case. */
export function normalizeEmail(text: string): string {
  return text.trim().toLowerCase();
}

// Deliberately plain: one @, no spaces or list separators, a dot in the domain. Stricter patterns
// reject real addresses; the point is to catch cells that are clearly not one address.
const EMAIL = /^[^\s@,;<>()[\]"]+@[^\s@,;<>()[\]"]+\.[^\s@,;<>()[\]".]{2,}$/;

/** Whether a normalised email looks like one deliverable address. */
export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email) && !email.includes("..");
}
