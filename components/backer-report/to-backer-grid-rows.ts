import { formatMoney } from "@/components/ui/format";
import type { OptionalBackerReportColumn } from "@/lib/backers/report/backer-report-columns";
import type { BackerReportRow } from "@/lib/backers/report/list-backer-report";
import { formatInZone } from "@/lib/projects/zoned-time";
import { BACKER_GRID_STATUSES, GRID, type BackerGridPage, type BackerGridRow } from "./backer-grid-row";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in 22 characters instead of 36: fifty of them travel with every page (see backerIdOf). */
function compactUuid(id: string): string {
  return UUID.test(id) ? Buffer.from(id.replace(/-/g, ""), "hex").toString("base64url") : id;
}

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
  const grid = rows.map((row): BackerGridRow => {
    const at = row.email.lastIndexOf("@");
    const values: BackerGridRow = [
      compactUuid(row.id),
      row.pledgeId ? 1 : 0,
      row.name,
      at > 0 ? row.email.slice(0, at) : row.email,
      word(row.pledgeLevelName),
      row.status ? BACKER_GRID_STATUSES.indexOf(row.status) : null,
      row.trackingNumber || null,
      word(row.carrier),
      at > 0 ? word(row.email.slice(at + 1)) : null,
      has.has("number") ? row.backerNumber : null,
      has.has("amount") && row.amount !== null ? formatMoney(row.amount, row.currency) : null,
      has.has("pledged") && row.pledgedAt ? formatInZone(row.pledgedAt, timeZone) : null,
      (has.has("country") && row.country) || null,
      has.has("rewards") ? word(row.digitalRewards.join(", ")) : null,
      has.has("credit") && row.creditBalance ? formatMoney(row.creditBalance, row.currency) : null,
    ];
    let end = values.length;
    while (end > GRID.number && values[end - 1] === null) end -= 1;
    return values.slice(0, end) as unknown as BackerGridRow;
  });
  return { rows: grid, words };
}
