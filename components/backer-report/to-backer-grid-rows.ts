import { formatMoney } from "@/components/ui/format";
import type { BackerReportRow, PledgeStatusValue } from "@/lib/backers/report/list-backer-report";
import { formatInZone } from "@/lib/projects/zoned-time";

/**
 * One row of the report's table as the browser receives it: text already formatted on the server,
 * and empty values left out, so fifty rows travel as a few kilobytes of data rather than as a
 * rendered tree per row.
 */
export type BackerGridRow = {
  id: string;
  /** The pledge, for the row menu's links; absent when the backer has no pledge. */
  pledgeId?: string;
  number?: number;
  name: string;
  email: string;
  level?: string;
  amount?: string;
  status?: PledgeStatusValue;
  /** On the project's clock, with the zone's label: "Mar 14, 2026, 07:02 PDT". */
  pledged?: string;
  country?: string;
  tracking?: string;
  carrier?: string;
  rewards?: string;
  credit?: string;
};

/** The report's rows as the table shows them, times in the project's `timeZone`. */
export function toBackerGridRows(rows: BackerReportRow[], timeZone: string): BackerGridRow[] {
  return rows.map((row) => {
    const grid: BackerGridRow = { id: row.id, name: row.name, email: row.email };
    if (row.pledgeId) grid.pledgeId = row.pledgeId;
    if (row.backerNumber !== null) grid.number = row.backerNumber;
    if (row.pledgeLevelName) grid.level = row.pledgeLevelName;
    if (row.amount !== null) grid.amount = formatMoney(row.amount, row.currency);
    if (row.status) grid.status = row.status;
    if (row.pledgedAt) grid.pledged = formatInZone(row.pledgedAt, timeZone);
    if (row.country) grid.country = row.country;
    if (row.trackingNumber) grid.tracking = row.trackingNumber;
    if (row.carrier) grid.carrier = row.carrier;
    if (row.digitalRewards.length) grid.rewards = row.digitalRewards.join(", ");
    if (row.creditBalance) grid.credit = formatMoney(row.creditBalance, row.currency);
    return grid;
  });
}
