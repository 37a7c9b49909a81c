/**
 * Intl formatters are built once per set of options: building one costs about 0.1 ms, and a
 * 200-row table would otherwise build hundreds per render.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `n:${locale}:${currency}`;
  let formatter = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * Formats an amount of minor units (cents) in `currency`, e.g. 4500 USD → "$45.00", 4500 JPY →
 * "¥4,500". The currency's own number of decimals decides the division.
 */
export function formatMoney(amountMinor: number, currency: string, locale = "en-US"): string {
  const formatter = numberFormat(locale, currency);
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(amountMinor / 10 ** digits);
}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * "1 email", "2 emails", "1,204 backers": the count formatted and the word chosen by the locale's
 * plural rules (Intl.PluralRules), rather than hand-made `n === 1 ? … : …` checks that end up as
 * "1 emails". ``other` defaults to `one` with an "s".
 */
export function formatCount(count: number, one: string, other = `${one}s`, locale = "en-US"): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return `${count.toLocaleString(locale)} ${rules.select(count) === "one" ? one : other}`;
}
