/**
 * The instants this app accepts from outside (filters, page cursors): years 0001–9999 in UTC. Both
 * Postgres (`timestamptz`: 4713 BC to 294276 AD, no year 0) and JavaScript (±8.64e15 ms) hold all
 * of them, and their ISO text always has four-digit years; year 0000, which JavaScript reads as
 * 1 BC, makes Postgres fail the whole query.
 */
export const STORABLE_TIME_RANGE = {
  minMs: Date.parse("0001-01-01T00:00:00.000Z"),
  maxMs: Date.parse("9999-12-31T23:59:59.999Z"),
} as const;

/** Largest UTC offset Postgres accepts in a timestamp's text (JavaScript accepts up to ±23:59). */
const MAX_OFFSET_MINUTES = 15 * 60 + 59;

/**
 * Whether a time (epoch milliseconds, or ISO 8601 text) is one that Postgres and JavaScript read as
 * the same instant: inside `STORABLE_TIME_RANGE`, and for text, with an offset Postgres accepts.
 */
export function isStorableTime(value: number | string): boolean {
  const ms = typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(ms) || ms < STORABLE_TIME_RANGE.minMs || ms > STORABLE_TIME_RANGE.maxMs) return false;
  if (typeof value === "string") {
    const offset = /([+-])(\d{2}):?(\d{2})$/.exec(value);
    if (offset && Number(offset[2]) * 60 + Number(offset[3]) > MAX_OFFSET_MINUTES) return false;
    if (/^\s*[+-]?0000-/.test(value) || /^\s*[+-]\d{6}/.test(value)) return false;
  }
  return true;
}
