// Pure: the "Details" disclosure of an activity entry shows everything the action recorded, as
// label/value rows a person can read, rather than raw JSON.

export type AuditDetailRow = { label: string; value: string };

/** "fileName" → "File name", "emailsQueued" → "Emails queued". */
export function labelFromKey(key: string): string {
  const words = key
    .replace(/[_-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return value.toLocaleString("en-US");
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(formatValue).join(", ");
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) => `${labelFromKey(key)}: ${formatValue(inner)}`)
    .join("; ");
}

/** Every recorded detail as a row, in the order the action wrote them. */
export function listAuditDetailRows(details: Record<string, unknown> | null): AuditDetailRow[] {
  if (!details) return [];
  return Object.entries(details).map(([key, value]) => ({ label: labelFromKey(key), value: formatValue(value) }));
}
