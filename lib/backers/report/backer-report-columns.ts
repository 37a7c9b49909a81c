// Which of the backer report's optional columns a creator shows. Pure (no database, no cookies
// API): the page reads the remembered choice on the server, the column chooser writes it in the
// browser, and both parse it here.

/**
 * Columns the creator may show or hide. The tick box, backer, pledge level, payment status,
 * tracking number and actions are always shown: they fit a 1280 px screen together.
 */
export const OPTIONAL_BACKER_REPORT_COLUMNS = [
  { key: "number", label: "Backer #" },
  { key: "email", label: "Email" },
  { key: "amount", label: "Amount" },
  { key: "pledged", label: "Pledged at" },
  { key: "country", label: "Country" },
  { key: "rewards", label: "Digital rewards" },
  { key: "credit", label: "Credit" },
] as const;

export type OptionalBackerReportColumn = (typeof OPTIONAL_BACKER_REPORT_COLUMNS)[number]["key"];

export const DEFAULT_BACKER_REPORT_COLUMNS: readonly OptionalBackerReportColumn[] = ["number", "amount"];

const KEYS = new Set<string>(OPTIONAL_BACKER_REPORT_COLUMNS.map((column) => column.key));

/**
 * The cookie remembering the choice for one project. It is sent only to that project's report
 * (its path), and its value names the user it belongs to, so on a shared browser one creator's
 * choice never becomes another's.
 */
export function backerReportColumnsCookieName(projectId: string): string {
  return `report-columns-${projectId}`;
}

/** The cookie's value: `<user id>:<key>,<key>`; an empty list is a real choice (nothing extra). */
export function formatBackerReportColumns(userId: string, columns: readonly OptionalBackerReportColumn[]): string {
  return `${userId}:${columns.join(",")}`;
}

/** The columns `userId` chose, in the table's order; the defaults when the value is absent, someone else's or damaged. */
export function parseBackerReportColumns(raw: string | undefined, userId: string): OptionalBackerReportColumn[] {
  let value = raw;
  // The browser writes it URI-encoded; whether the server's cookie reader decodes it varies.
  if (value?.includes("%")) {
    try {
      value = decodeURIComponent(value);
    } catch {
      value = undefined;
    }
  }
  const separator = value?.lastIndexOf(":") ?? -1;
  if (!value || separator < 0 || value.slice(0, separator) !== userId) return [...DEFAULT_BACKER_REPORT_COLUMNS];
  const chosen = new Set(value.slice(separator + 1).split(",").filter((key) => KEYS.has(key)));
  return OPTIONAL_BACKER_REPORT_COLUMNS.map((column) => column.key).filter((key) => chosen.has(key));
}
