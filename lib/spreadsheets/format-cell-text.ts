/**
 * Turns a workbook cell's stored value into the text a person sees in the spreadsheet, so a
 * workbook reads exactly like the CSV the same spreadsheet would save. Pure: no I/O.
 */

/** Excel's built-in number formats that show dates or times (ids 14–22, 27–36, 45–47, 50–58). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);
const BUILT_IN_TIME_ONLY = new Set([18, 19, 20, 21, 45, 46, 47]);
/** Excel's built-in "@" (Text) format. */
export const TEXT_FORMAT_ID = 49;

export type CellFormat = { kind: "general" } | { kind: "text" } | { kind: "date"; timeOnly: boolean; hasTime: boolean };

/** What a number format does to a number: a date/time, text ("@") or anything else (read as the number). */
export function classifyNumberFormat(id: number, code: string | undefined): CellFormat {
  if (code === undefined) {
    if (id === TEXT_FORMAT_ID) return { kind: "text" };
    if (BUILT_IN_DATE_FORMATS.has(id))
      return { kind: "date", timeOnly: BUILT_IN_TIME_ONLY.has(id), hasTime: id === 22 || BUILT_IN_TIME_ONLY.has(id) };
    return { kind: "general" };
  }
  if (code.trim() === "@") return { kind: "text" };
  // Quoted literals, escaped characters and [colour]/[$-locale] blocks are not date parts;
  // [h], [mm] and [ss] (elapsed time) are.
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, "")
    .split(";")[0];
  if (/general/i.test(bare) || !/[dmyhs]/i.test(bare)) return { kind: "general" };
  const hasDate = /[dy]/i.test(bare) || (/m/i.test(bare) && !/[hs]/i.test(bare));
  const hasTime = /[hs]/i.test(bare);
  return { kind: "date", timeOnly: !hasDate, hasTime };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * A date serial as the date (and time) it shows: "2026-03-04", "2026-03-04 13:05", "13:05:30".
 * Serials count days from 1900 (with Lotus's phantom 29 February 1900) or from 1904 (old Mac workbooks).
 */
export function formatDateSerial(
  serial: number,
  format: { timeOnly: boolean; hasTime: boolean },
  date1904: boolean,
): string {
  const days = date1904 ? serial + 1462 : serial < 60 ? serial + 1 : serial;
  // 25,569 days separate 1899-12-30 (Excel's day 0 after the phantom leap day) from 1970-01-01.
  const millis = Math.round((days - 25569) * 86400 * 1000);
  const date = new Date(millis);
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const seconds = date.getUTCSeconds();
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}${seconds ? `:${pad(seconds)}` : ""}`;
  if (format.timeOnly) return time;
  const midnight = date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && seconds === 0;
  return format.hasTime && !midnight ? `${day} ${time}` : day;
}

/** Spreadsheets keep 15 significant digits of a number; anything longer was cut when it was typed. */
export const MAX_EXACT_DIGITS = 15;

/**
 * A number as Excel's General format shows it in the formula bar: up to 15 significant digits,
 * whole numbers of 16 or more digits in scientific notation ("9.40011189922386E+21"), since their
 * later digits are gone and showing zeros would pass them off as real.
 */
export function formatGeneralNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e15) {
    const [mantissa, exponent] = value.toExponential(MAX_EXACT_DIGITS - 1).split("e");
    return `${mantissa.replace(/\.?0+$/, "")}E${exponent.startsWith("-") ? exponent : `+${exponent.replace("+", "")}`}`;
  }
  if (Number.isInteger(value)) return String(value);
  const rounded = Number(value.toPrecision(MAX_EXACT_DIGITS));
  // Tiny numbers: JavaScript's "1e-7" is what Excel writes as "1E-07".
  return String(rounded)
    .replace(/e([+-])(\d)$/, "E$10$2")
    .replace("e", "E");
}

/** Whether a number cell lost digits: a whole number too long for a spreadsheet to keep exactly. */
export function isLongNumber(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) >= 1e15;
}

/** OOXML escapes characters XML cannot hold as `_xHHHH_` (a carriage return is `_x000D_`). */
export function unescapeOoxmlText(text: string): string {
  if (!text.includes("_x")) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** "A" for 1, "F" for 6, "XFD" for 16,384. */
export function columnLetters(column: number): string {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The 1-based row and column of a cell reference ("F12" → { row: 12, column: 6 }), or null. */
export function parseCellReference(reference: string): { row: number; column: number } | null {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(reference);
  if (!match) return null;
  let column = 0;
  for (const char of match[1].toUpperCase()) column = column * 26 + (char.charCodeAt(0) - 64);
  return { row: Number(match[2]), column };
}
