let namesToCodes: Map<string, string> | null = null;

const ALIASES: Record<string, string> = {
  usa: "US",
  "united states of america": "US",
  "u.s.a.": "US",
  uk: "GB",
  "great britain": "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  "northern ireland": "GB",
  "south korea": "KR",
  "korea, republic of": "KR",
  russia: "RU",
  "czech republic": "CZ",
  holland: "NL",
  "the netherlands": "NL",
};

function countryNames(): Map<string, string> {
  if (namesToCodes) return namesToCodes;
  const names = new Intl.DisplayNames("en", { type: "region" });
  const map = new Map<string, string>();
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = names.of(code);
      if (name && name !== code) map.set(name.toLowerCase(), code);
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) map.set(alias, code);
  namesToCodes = map;
  return map;
}

/**
 * A country cell (a two-letter code such as "DE", or an English name such as "Germany") → its
 * ISO 3166-1 alpha-2 code, or null when it is neither.
 */
export function resolveCountryCode(text: string): string | null {
  const value = text.trim();
  const named = countryNames().get(value.toLowerCase());
  if (named !== undefined) return named;
  return /^[A-Za-z]{2}$/.test(value) ? value.toUpperCase() : null;
}
