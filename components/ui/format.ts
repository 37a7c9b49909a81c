/**
 * Formats an amount of minor units (cents) in `currency`, e.g. 4500 USD → "$45.00", 4500 JPY →
 * "¥4,500". The currency's own number of decimals decides the division.
 */
export function formatMoney(amountMinor: number, currency: string, locale = "en-US"): string {
  const formatter = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(amountMinor / 10 ** digits);
}

/** A calendar date such as "Mar 1, 2026", in UTC so server and browser render the same text. */
export function formatDate(date: Date, locale = "en-US"): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

/** Date and time such as "Mar 1, 2026, 14:05 UTC". */
export function formatDateTime(date: Date, locale = "en-US"): string {
  return `${new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", hourCycle: "h23", timeZone: "UTC" }).format(date)} UTC`;
}
