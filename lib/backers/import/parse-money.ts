export type ParsedMoney = {
  /** Integer amount in the currency's minor units (cents; yen for JPY). */
  minor: number;
  /** ISO 4217 code when the text names it ("USD", or a symbol such as € or £); null for a bare "$" or number. */
  currency: string | null;
};

export type ParseMoneyResult = { ok: true; value: ParsedMoney } | { ok: false; reason: string };

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

/** Longest first, so "CA$" wins over "$". A bare "$" or "kr" names no single currency. */
const SYMBOLS: [string, string | null][] = [
  ["CA$", "CAD"],
  ["AU$", "AUD"],
  ["NZ$", "NZD"],
  ["HK$", "HKD"],
  ["MX$", "MXN"],
  ["US$", "USD"],
  ["C$", "CAD"],
  ["A$", "AUD"],
  ["S$", "SGD"],
  ["zł", "PLN"],
  ["€", "EUR"],
  ["£", "GBP"],
  ["¥", "JPY"],
  ["￥", "JPY"],
  ["₩", "KRW"],
  ["₹", "INR"],
  ["₪", "ILS"],
  ["kr", null],
  ["$", null],
];

const fractionDigitsCache = new Map<string, number>();

/** How many minor-unit digits a currency has (2 for USD, 0 for JPY, 3 for KWD). */
export function currencyFractionDigits(currency: string): number {
  let digits = fractionDigitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    fractionDigitsCache.set(currency, digits);
  }
  return digits;
}

const SIMPLE = /^(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Reads an amount of money as spreadsheets and platforms write it — `$4.00 USD`, `€12.50 EUR`,
 * `1,234.50`, `£1.234,50`, `12,50 €`, `1 234,50`, `1'234.50`, `¥1,000 JPY` — into integer minor units.
 * Separators: when both `.` and `,` appear, the last one is the decimal mark; when only one kind
 * appears once and is followed by exactly three digits it is a thousands separator (no two-decimal
 * currency has three decimals), otherwise it is the decimal mark. Never goes through floating point.
 * `fallbackCurrency` decides the number of decimals when the text names no currency.
 */
export function parseMoney(text: string, fallbackCurrency = "USD"): ParseMoneyResult {
  let rest = text.trim();
  if (rest === "") return { ok: false, reason: "empty" };

  const simple = SIMPLE.exec(rest);
  if (simple && currencyFractionDigits(fallbackCurrency) === 2) {
    const cents = (simple[2] ?? "").padEnd(2, "0");
    return checkRange(Number(simple[1]) * 100 + Number(cents), null);
  }

  let negative = false;
  if (/^\(.*\)$/.test(rest)) {
    negative = true;
    rest = rest.slice(1, -1).trim();
  }
  if (rest.startsWith("-") || rest.startsWith("\u2212")) {
    negative = true;
    rest = rest.slice(1).trim();
  }

  let currency: string | null = null;
  const code = /(?:^|[^A-Za-z])([A-Za-z]{3})(?![A-Za-z])/.exec(rest);
  if (code && KNOWN_CURRENCIES.has(code[1].toUpperCase())) {
    currency = code[1].toUpperCase();
    rest = rest.replace(code[1], " ");
  }
  for (const [symbol, symbolCurrency] of SYMBOLS) {
    if (rest.includes(symbol)) {
      if (currency === null) currency = symbolCurrency;
      rest = rest.replace(symbol, " ");
      break;
    }
  }
  if (rest.startsWith("-") || rest.trimStart().startsWith("-")) {
    negative = true;
    rest = rest.replace("-", " ");
  }
  // Spaces (including no-break and thin spaces) and apostrophes only ever group digits.
  const digits = rest.replace(/[\s\u00a0\u202f']/g, "");
  if (!/^[0-9][0-9.,]*$/.test(digits) || /[.,]$/.test(digits) && !/^\d+[.,]$/.test(digits)) {
    return { ok: false, reason: "not a number" };
  }

  const fractionDigits = currencyFractionDigits(currency ?? fallbackCurrency);
  const lastDot = digits.lastIndexOf(".");
  const lastComma = digits.lastIndexOf(",");
  let integerPart: string;
  let fractionPart = "";
  if (lastDot >= 0 && lastComma >= 0) {
    const decimalMark = lastDot > lastComma ? "." : ",";
    const groupMark = decimalMark === "." ? "," : ".";
    const at = digits.lastIndexOf(decimalMark);
    integerPart = digits.slice(0, at);
    fractionPart = digits.slice(at + 1);
    if (integerPart.includes(decimalMark) || fractionPart.includes(groupMark)) return { ok: false, reason: "mixed separators" };
    if (!validGrouping(integerPart, groupMark)) return { ok: false, reason: "misplaced thousands separator" };
    integerPart = integerPart.split(groupMark).join("");
  } else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? "." : ",";
    const parts = digits.split(mark);
    const afterLast = parts[parts.length - 1];
    if (parts.length > 2 || (afterLast.length === 3 && fractionDigits !== 3)) {
      if (!validGrouping(digits, mark)) return { ok: false, reason: "misplaced thousands separator" };
      integerPart = parts.join("");
    } else {
      integerPart = parts[0];
      fractionPart = afterLast;
    }
  } else {
    integerPart = digits;
  }

  if (integerPart === "") integerPart = "0";
  const significant = fractionPart.slice(0, fractionDigits);
  if (/[1-9]/.test(fractionPart.slice(fractionDigits))) {
    return { ok: false, reason: `more than ${fractionDigits} decimal${fractionDigits === 1 ? "" : "s"}` };
  }
  const minorText = integerPart + significant.padEnd(fractionDigits, "0");
  if (minorText.length > 15) return { ok: false, reason: "too large" };
  const minor = Number(minorText);
  return checkRange(negative ? -minor : minor, currency);
}

function validGrouping(integerPart: string, mark: string): boolean {
  const groups = integerPart.split(mark);
  if (groups.length === 1) return true;
  return groups[0].length >= 1 && groups[0].length <= 3 && groups.slice(1).every((group) => group.length === 3);
}

function checkRange(minor: number, currency: string | null): ParseMoneyResult {
  // Amounts live in a Postgres integer column.
  if (Math.abs(minor) > 2_147_483_647) return { ok: false, reason: "too large" };
  return { ok: true, value: { minor, currency } };
}
