import { formatMoney } from "@/components/ui/format";
import type { OptionalBackerReportColumn } from "@/lib/backers/report/backer-report-columns";
import type { BackerReportRow, PledgeStatusValue } from "@/lib/backers/report/list-backer-report";
import { formatInZone } from "@/lib/projects/zoned-time";

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
 * digital rewards) are positions in `BackerGridPage.words`.
 */
export type BackerGridRow = readonly [
  id: string,
  /** The pledge, for the row menu's links; null when the backer has no pledge. */
  pledgeId: string | null,
  name: string,
  email: string,
  number: number | null,
  level: number | null,
  amount: string | null,
  /** Position in BACKER_GRID_STATUSES. */
  status: number | null,
  /** On the project's clock, with the zone's label: "Mar 14, 2026, 07:02 PDT". */
  pledged: string | null,
  country: string | null,
  tracking: string | null,
  carrier: number | null,
  rewards: number | null,
  credit: string | null,
];

/** A page of rows and the repeated values its rows refer to by position. */
export type BackerGridPage = { rows: BackerGridRow[]; words: string[] };

/**
 * The report's rows as the table shows them, times in the project's `timeZone`. Of the optional
 * columns only the `shown` ones are filled (the email always is: the backer cell shows it).
 */
export function toBackerGridRows(
  rows: BackerReportRow[],
  timeZone: string,
  shown: readonly OptionalBackerReportColumn[],
): BackerGridPage {
  const has = new Set(shown);
  const words: string[] = [];
  const positions = new Map<string, number>();
  const word = (value: string | null): number | null => {
    if (!value) return null;
    let position = positions.get(value);
    if (position === undefined) {
      position = words.push(value) - 1;
      positions.set(value, position);
    }
    return position;
  };
  const grid = rows.map((row): BackerGridRow => [
    row.id,
    row.pledgeId,
    row.name,
    row.email,
    has.has("number") ? row.backerNumber : null,
    word(row.pledgeLevelName),
    has.has("amount") && row.amount !== null ? formatMoney(row.amount, row.currency) : null,
    row.status ? BACKER_GRID_STATUSES.indexOf(row.status) : null,
    has.has("pledged") && row.pledgedAt ? formatInZone(row.pledgedAt, timeZone) : null,
    (has.has("country") && row.country) || null,
    row.trackingNumber || null,
    word(row.carrier),
    has.has("rewards") ? word(row.digitalRewards.join(", ")) : null,
    has.has("credit") && row.creditBalance ? formatMoney(row.creditBalance, row.currency) : null,
  ]);
  return { rows: grid, words };
}
