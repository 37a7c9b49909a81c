/**
 * Intl formatters are built once per set of options: building one costs about 0.1 ms, and a
 * 200-row table would otherwise build hundreds per render. The currency's number of decimals is
 * kept beside its formatter: resolvedOptions() builds a fresh object on every call.
 */
const moneyFormats = new Map<string, { format: Intl.NumberFormat; digits: number }>();

function moneyFormat(locale: string, currency: string): { format: Intl.NumberFormat; digits: number } {
  const key = `${locale}:${currency}`;
  let money = moneyFormats.get(key);
  if (!money) {
    const format = new Intl.NumberFormat(locale, { style: "currency", currency });
    money = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    moneyFormats.set(key, money);
  }
  return money;
}

/**
 * Formats an amount of minor units (cents) in `currency`, e.g. 4500 USD → "$45.00", 4500 JPY →
 * "¥4,500". The currency's own number of decimals decides the division.
 */
export function formatMoney(amountMinor: number, currency: string, locale = "en-US"): string {
  const { format, digits } = moneyFormat(locale, currency);
  return format.format(amountMinor / 10 ** digits);
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
