// The shape of the report table's rows as they travel to the browser: shared by the server code that
// builds them (to-backer-grid-rows.ts) and the client components that read them, without
// bringing the server's formatting into the browser's bundle.
import type { PledgeStatusValue } from "@/lib/backers/report/list-backer-report";

/** The payment statuses in the order a row refers to them by position. */
export const BACKER_GRID_STATUSES: readonly PledgeStatusValue[] = [
  "COLLECTED",
  "ERRORED",
  "FAILED",
  "DROPPED",
  "REFUNDED",
];

/**
 * One row of the report's table as the browser receives it: a tuple of text already formatted on
 * the server, null where the backer has no value. A tuple rather than an object because the page
 * carries every row twice (as HTML and as the data React hydrates from), and fifty copies of the
 * field names were a fifth of the page. Values repeated down the page (pledge level, carrier,
 * digital rewards) are positions in `BackerGridPage.words`. The optional columns come last and
 * trailing empty ones are left off, so a column the creator hides costs nothing.
 */
export type BackerGridRow = readonly [
  /** The backer's id, a UUID sent as 22 base64url characters (see backerIdOf). */
  id: string,
  /**
   * 1 when the backer has a pledge (the row menu offers its links, which are keyed by the backer),
   * 0 when not: a flag instead of the pledge's id saves fifty ids on every page.
   */
  hasPledge: 0 | 1,
  name: string,
  /** The email's part before "@" when its domain is in `words` (see `domain`), else the whole email. */
  email: string,
  level: number | null,
  /** Position in BACKER_GRID_STATUSES. */
  status: number | null,
  tracking: string | null,
  carrier: number | null,
  /** Position of the email's domain in `words` (backers of a project share a few: gmail.com…). */
  domain: number | null,
  number?: number | null,
  amount?: string | null,
  /** On the project's clock, with the zone's label: "Mar 14, 2026, 07:02 PDT". */
  pledged?: string | null,
  country?: string | null,
  rewards?: number | null,
  credit?: string | null,
];

/** Where each value sits in a BackerGridRow. */
export const GRID = {
  id: 0,
  hasPledge: 1,
  name: 2,
  email: 3,
  level: 4,
  status: 5,
  tracking: 6,
  carrier: 7,
  domain: 8,
  number: 9,
  amount: 10,
  pledged: 11,
  country: 12,
  rewards: 13,
  credit: 14,
} as const;

/** A page of rows and the repeated values its rows refer to by position. */
export type BackerGridPage = { rows: BackerGridRow[]; words: string[] };

/** The backer's id of a row, as the server knows it (a UUID). */
export function backerIdOf(row: BackerGridRow): string {
  const id = row[GRID.id];
  if (id.length !== 22) return id;
  const bytes = atob(id.replace(/-/g, "+").replace(/_/g, "/"));
  let hex = "";
  for (let i = 0; i < bytes.length; i += 1) hex += bytes.charCodeAt(i).toString(16).padStart(2, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The backer's whole email address of a row. */
export function backerEmailOf(row: BackerGridRow, words: readonly string[]): string {
  const domain = row[GRID.domain];
  return domain === null ? row[GRID.email] : `${row[GRID.email]}@${words[domain]}`;
}
