export type ParseImportTimeResult = { ok: true; value: Date } | { ok: false; reason: string };

const YEAR_FIRST =
  /^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})(?:(?:,\s*|\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(am|pm)?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY_OR_MONTH_FIRST = /^\d{1,2}[/\-.]\d{1,2}[/\-.]\d{2,4}\b/;

/**
 * Reads a pledge time as exports write it: Kickstarter's `2013/10/11, 13:42` (and with seconds),
 * `2013-10-11 13:42:05`, ISO 8601 with `Z` or an offset (`2013-10-11T13:42:00-04:00`), or a bare date.
 * A time without a zone is taken as UTC, which is what Kickstarter's backer report uses.
 * Day-first or month-first dates (`10/11/2013`) are refused: which is the month cannot be known.
 */
export function parseImportTime(text: string): ParseImportTimeResult {
  const value = text.trim();
  if (value === "") return { ok: false, reason: "empty" };
  const match = YEAR_FIRST.exec(value);
  if (!match) {
    if (DAY_OR_MONTH_FIRST.test(value)) return { ok: false, reason: "day and month order is ambiguous" };
    return { ok: false, reason: "not a date" };
  }
  const [, y, mo, d, h, mi, s, fraction, meridiem, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  let hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const millisecond = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  if (meridiem) {
    if (hour < 1 || hour > 12) return { ok: false, reason: "not a time" };
    hour = (hour % 12) + (meridiem.toLowerCase() === "pm" ? 12 : 0);
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: "not a real date or time" };
  }
  let offsetMinutes = 0;
  if (zone && /^[+-]/.test(zone)) {
    const digits = zone.slice(1).replace(":", "");
    offsetMinutes = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0")) * (zone[0] === "-" ? -1 : 1);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return { ok: false, reason: "not a real date" };
  if (year < 1990 || year > 2100) return { ok: false, reason: "year out of range" };
  return { ok: true, value: new Date(utc - offsetMinutes * 60_000) };
}
