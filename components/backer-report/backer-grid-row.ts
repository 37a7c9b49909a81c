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
  id: string,
  /**
   * 1 when the backer has a pledge (the row menu offers its links, which are keyed by the backer),
   * 0 when not: a flag instead of the pledge's id saves fifty ids on every page.
   */
  hasPledge: 0 | 1,
  name: string,
  email: string,
  level: number | null,
  /** Position in BACKER_GRID_STATUSES. */
  status: number | null,
  tracking: string | null,
  carrier: number | null,
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
  number: 8,
  amount: 9,
  pledged: 10,
  country: 11,
  rewards: 12,
  credit: 13,
} as const;

/** A page of rows and the repeated values its rows refer to by position. */
export type BackerGridPage = { rows: BackerGridRow[]; words: string[] };
