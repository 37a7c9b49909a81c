/**
 * Wall-clock times in a project's IANA time zone, converted with the platform's own time-zone data
 * through `Intl.DateTimeFormat` (no hand-kept offset tables). Pure: used by the server and the browser.
 */

/** A date and time as a creator reads them on a clock in the project's zone: "2026-10-24", "14:00". */
export type ZonedWallTime = { date: string; time: string };

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `timeZone` is an IANA zone this runtime knows ("Europe/Berlin", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === "" || timeZone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Every IANA zone the runtime knows, with UTC first (the list `Intl` gives may leave it out). */
export function listTimeZones(): string[] {
  const zones = Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC");
  return ["UTC", ...zones];
}

/** The wall-clock fields of `instant` in `timeZone`, as numbers. */
function wallFields(instant: number, timeZone: string) {
  const fields: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return fields as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** How far `timeZone`'s clocks are ahead of UTC at `instant`, in milliseconds (whole seconds). */
export function timeZoneOffsetMs(instant: Date | number, timeZone: string): number {
  const at = typeof instant === "number" ? instant : instant.getTime();
  const f = wallFields(at, timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The date and time `instant` shows on a clock in `timeZone`. */
export function utcToZonedWallTime(instant: Date, timeZone: string): ZonedWallTime {
  const f = wallFields(instant.getTime(), timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return { date: `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`, time: `${pad(f.hour)}:${pad(f.minute)}` };
}

const DAY = 86_400_000;

/**
 * The instant a clock in `timeZone` shows `wall`. Like Temporal's "compatible" disambiguation:
 * a time that happens twice (clocks turned back) is the first of the two; a time that never
 * happens (clocks turned forward) is moved forward by the gap, e.g. 02:30 on the night New York
 * springs forward is 03:30 EDT. Null when `wall` is not a real date and time.
 */
export function zonedWallTimeToUtc(wall: ZonedWallTime, timeZone: string): Date | null {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(wall.date);
  const time = /^(\d{2}):(\d{2})$/.exec(wall.time);
  if (!date || !time) return null;
  const [year, month, day, hour, minute] = [date[1], date[2], date[3], time[1], time[2]].map(Number);
  if (hour > 23 || minute > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  // No zone moves its clocks by more than a day, so the offsets a day either side bound the answer.
  const offsets = [...new Set([timeZoneOffsetMs(asUtc - DAY, timeZone), timeZoneOffsetMs(asUtc + DAY, timeZone)])];
  const candidates = offsets
    .map((offset) => asUtc - offset)
    .filter((instant) => instant - Math.floor(instant / 1000) * 1000 === 0 && asUtc - timeZoneOffsetMs(instant, timeZone) === instant)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]);
  // In a gap: read the wall time with the offset in force before the change, which lands after it.
  return new Date(asUtc - timeZoneOffsetMs(asUtc - DAY, timeZone));
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

const DISPLAY_OPTIONS: Record<Exclude<ZonedStyle, "sheet">, Intl.DateTimeFormatOptions> = {
  date: { year: "numeric", month: "short", day: "numeric" },
  time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" },
  // en-US names a zone by its abbreviation only where that is unambiguous (US zones, UTC) and by
  // its offset elsewhere ("GMT+1", "GMT+5:30"), so the label never reads as another place's time.
  dateTime: { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" },
  long: {
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "shortOffset",
  },
};

/**
 * How a moment is shown:
 * - `date`: the calendar day in the zone, "Mar 14, 2026" (where a heading or note names the zone);
 * - `time`: "07:02 PDT", under a heading that gives the day;
 * - `dateTime`: "Mar 14, 2026, 07:02 PDT", the zone's label in the text (tables, logs, emails);
 * - `long`: "Sat, Mar 14, 2026, 07:02 GMT-7 (America/Los_Angeles)", for the one moment a page is about;
 * - `sheet`: "2026-03-14 07:02", for an export's column whose heading names the zone (see
 *   {@link zonedHeading}): spreadsheets read it as a date and time.
 */
export type ZonedStyle = "date" | "time" | "dateTime" | "long" | "sheet";

/**
 * The app's one way of showing a stored (UTC) moment: on the clock and calendar of the project's
 * `timeZone`. Pure, so the server, the browser, exports and emails print the same text.
 */
export function formatInZone(instant: Date | string | number, timeZone: string, style: ZonedStyle = "dateTime", locale = "en-US"): string {
  if (style === "sheet") {
    const wall = utcToZonedWallTime(instant instanceof Date ? instant : new Date(instant), timeZone);
    return `${wall.date} ${wall.time}`;
  }
  const key = `${style}|${locale}|${timeZone}`;
  let formatter = displayFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { ...DISPLAY_OPTIONS[style], timeZone });
    displayFormatters.set(key, formatter);
  }
  const text = formatter.format(instant instanceof Date ? instant : new Date(instant));
  return style === "long" ? `${text} (${timeZone})` : text;
}

/** A column heading naming the zone its times are in: "Pledged at (America/Los_Angeles)". */
export function zonedHeading(heading: string, timeZone: string): string {
  return `${heading} (${timeZone})`;
}

/** An instant as the one moment a page is about, naming the zone (the `long` style of {@link formatInZone}). */
export function formatZonedDateTime(instant: Date, timeZone: string, locale = "en-US"): string {
  return formatInZone(instant, timeZone, "long", locale);
}
