/** The stored form of an email address: trimmed and lower-cased, as the database's CHECK constraints require. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
