/** Why a tracking cell cannot be used, with the words the preview shows. */
export type TrackingNumberProblem = {
  kind: "scientific-notation" | "cut-digits" | "characters" | "too-short" | "too-long";
  message: string;
  fix: string;
};

export type NormalizedTrackingNumber =
  | {
      ok: true;
      value: string;
      /**
       * How many digits after the 15th are all zeros (0 when the number is shorter or its tail is
       * not all zeros): the mark of a number a spreadsheet cut to 15 significant digits. The caller
       * decides, since a passing carrier check digit proves the number intact.
       */
      zerosAfterFifteen: number;
    }
  | { ok: false; problem: TrackingNumberProblem };

export const MIN_TRACKING_NUMBER_LENGTH = 5;
export const MAX_TRACKING_NUMBER_LENGTH = 40;

const TEXT_FORMAT_FIX =
  "Format the Tracking Number column as Text (Excel: Format Cells › Text; Numbers: Format › Text; Google Sheets: Format › Number › Plain text) and paste the original numbers again from your fulfilment centre's file. The number shown here cannot be repaired: its last digits are gone.";

// "9.40011E+21", "9,40011E+21" (decimal-comma locales), "9.4001112025558E21".
const SCIENTIFIC = /^[0-9]+(?:[.,][0-9]+)?[eE][+]?[0-9]+$/;

function describeCharacter(char: string): string {
  if (char === "\u00a0") return "a non-breaking space";
  const code = char.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `an invisible control character (U+${code.toString(16).toUpperCase().padStart(4, "0")})`;
  if (/\s/.test(char)) return `an unusual space (U+${code.toString(16).toUpperCase().padStart(4, "0")})`;
  return `"${char}"`;
}

/**
 * A tracking number as stored: upper-case letters and digits, without the spaces and dashes
 * carriers print for legibility, and without the text markers spreadsheets leave (a leading
 * apostrophe, or Excel's ="…" trick). Refuses what a spreadsheet has destroyed — scientific
 * notation, or a long number cut to 15 significant digits and padded with zeros — and characters
 * no carrier uses.
 */
export function normalizeTrackingNumber(raw: string): NormalizedTrackingNumber {
  if (isAlreadyNormal(raw)) return { ok: true, value: raw, zerosAfterFifteen: zerosAfterFifteen(raw) };
  let text = raw.trim();
  const excelText = /^="(.*)"$/.exec(text);
  if (excelText) text = excelText[1].trim();
  if (text.startsWith("'")) text = text.slice(1).trim();

  if (SCIENTIFIC.test(text)) {
    return {
      ok: false,
      problem: {
        kind: "scientific-notation",
        message: `"${text}" is a number a spreadsheet rewrote in scientific notation, so the tracking number is lost.`,
        fix: TEXT_FORMAT_FIX,
      },
    };
  }

  // Carriers print numbers in groups ("1Z 999 AA1 01 2345 678 4", "9400-1112-…").
  const compact = text.replace(/[\s\u00a0\u2000-\u200b\u202f\u3000-]+/g, "").toUpperCase();
  const bad = [...new Set(compact.replace(/[A-Z0-9]/g, ""))];
  if (bad.length > 0) {
    const listed = bad.slice(0, 3).map(describeCharacter).join(", ");
    return {
      ok: false,
      problem: {
        kind: "characters",
        message: `"${raw.trim()}" contains ${listed}, which cannot be part of a tracking number (only letters and digits can; spaces and dashes are ignored).`,
        fix: bad.includes(".") || bad.includes(",")
          ? "If the spreadsheet turned the number into a decimal, format the column as Text and paste the original number again; otherwise copy the number exactly as the carrier gave it."
          : "Copy the number exactly as the carrier gave it, without other text.",
      },
    };
  }
  if (compact.length < MIN_TRACKING_NUMBER_LENGTH) {
    return {
      ok: false,
      problem: {
        kind: "too-short",
        message: `"${compact}" is too short to be a tracking number (it has ${compact.length} characters; the shortest have ${MIN_TRACKING_NUMBER_LENGTH}).`,
        fix: "Check that the whole number was pasted, and that the spreadsheet did not drop leading zeros (format the column as Text).",
      },
    };
  }
  if (compact.length > MAX_TRACKING_NUMBER_LENGTH) {
    return {
      ok: false,
      problem: {
        kind: "too-long",
        message: `"${compact.slice(0, 50)}${compact.length > 50 ? "…" : ""}" is too long to be one tracking number (${compact.length} characters; at most ${MAX_TRACKING_NUMBER_LENGTH}).`,
        fix: "Put one tracking number per row. For a backer with several packages, add a row per package and tick \"These are separate packages\".",
      },
    };
  }

  return { ok: true, value: compact, zerosAfterFifteen: zerosAfterFifteen(compact) };
}

/**
 * Whether a cell is already a stored tracking number (upper-case letters and digits, of a
 * possible length) that no check would refuse: most cells of a real file, which then skip the
 * regular expressions, the set of odd characters and the copies (a quarter of a million rows).
 * A lone "E" between digits is left to the full path: it may be scientific notation.
 */
function isAlreadyNormal(text: string): boolean {
  if (text.length < MIN_TRACKING_NUMBER_LENGTH || text.length > MAX_TRACKING_NUMBER_LENGTH) return false;
  let letters = 0;
  let onlyE = true;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) continue;
    if (code < 65 || code > 90) return false;
    letters++;
    if (code !== 69) onlyE = false;
  }
  return !(letters === 1 && onlyE);
}

/** Spreadsheets keep 15 significant digits: a longer number loses its tail to zeros (see `zerosAfterFifteen`). */
function zerosAfterFifteen(compact: string): number {
  if (compact.length < 16) return 0;
  for (let index = 0; index < compact.length; index++) {
    const code = compact.charCodeAt(index);
    if (code < 48 || code > 57) return 0;
    if (index >= 15 && code !== 48) return 0;
  }
  return compact.length - 15;
}

/**
 * The problem of a number that ends in zeros after its 15th digit (see `zerosAfterFifteen`) and
 * that no carrier's check digit confirms: certain with two or more zeros, likely with one.
 */
export function cutDigitsProblem(value: string, zerosAfterFifteen: number): TrackingNumberProblem {
  if (zerosAfterFifteen >= 2) {
    return {
      kind: "cut-digits",
      message: `"${value}" ends in ${zerosAfterFifteen} zeros after its 15th digit: a spreadsheet stored it as a number and kept only 15 significant digits.`,
      fix: TEXT_FORMAT_FIX,
    };
  }
  return {
    kind: "cut-digits",
    message: `"${value}" has 16 digits and ends in a zero: a spreadsheet may have stored it as a number and replaced its last digit with 0.`,
    fix: `Compare it with the original number. If its last digit is not 0, format the column as Text and paste the original numbers again.`,
  };
}
