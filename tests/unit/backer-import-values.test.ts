import { describe, expect, it } from "vitest";
import { isValidEmail, normalizeEmail } from "@/lib/backers/import/normalize-email";
import { parseImportTime } from "@/lib/backers/import/parse-import-time";
import { parseMoney } from "@/lib/backers/import/parse-money";
import { parsePledgeStatus } from "@/lib/backers/import/parse-pledge-status";
import { readItemColumn } from "@/lib/backers/import/read-item-column";
import { resolveCountryCode } from "@/lib/backers/import/resolve-country";

describe("parseMoney", () => {
  it.each([
    ["$4.00 USD", 400, "USD"],
    ["€12.50 EUR", 1250, "EUR"],
    ["1,234.50", 123450, null],
    ["£1.234,50", 123450, "GBP"],
    ["12,50 €", 1250, "EUR"],
    ["1 234,50", 123450, null],
    ["1\u00a0234,50", 123450, null],
    ["1'234.50", 123450, null],
    ["$1,234,567.89 USD", 123456789, "USD"],
    ["CA$ 10.00 CAD", 1000, "CAD"],
    ["4", 400, null],
    ["4.5", 450, null],
    ["1,23", 123, null],
    ["1.234", 123400, null],
  ])("reads %j as %i minor units", (text, minor, currency) => {
    expect(parseMoney(text)).toEqual({ ok: true, value: { minor, currency } });
  });

  it("uses the currency's own number of decimals", () => {
    expect(parseMoney("¥1,000 JPY")).toEqual({ ok: true, value: { minor: 1000, currency: "JPY" } });
    expect(parseMoney("1000", "JPY")).toEqual({ ok: true, value: { minor: 1000, currency: null } });
    expect(parseMoney("1.250 KWD")).toEqual({ ok: true, value: { minor: 1250, currency: "KWD" } });
  });

  it("keeps the sign of negative amounts (the importer refuses them)", () => {
    expect(parseMoney("-$5.00 USD")).toEqual({ ok: true, value: { minor: -500, currency: "USD" } });
    expect(parseMoney("(3.00)")).toEqual({ ok: true, value: { minor: -300, currency: null } });
  });

  it.each([
    ["sixty-four", "not a number"],
    ["$", "not a number"],
    ["1,2345", "more than 2 decimals"],
    ["1.2.3,4", "misplaced thousands separator"],
    ["99999999999.00", "too large"],
    ["", "empty"],
  ])("refuses %j (%s)", (text, reason) => {
    expect(parseMoney(text)).toEqual({ ok: false, reason });
  });
});

describe("parseImportTime", () => {
  it.each([
    ["2013/10/11, 13:42", "2013-10-11T13:42:00.000Z"],
    ["2013/10/11, 13:42:05", "2013-10-11T13:42:05.000Z"],
    ["2013-10-11 13:42", "2013-10-11T13:42:00.000Z"],
    ["2013-10-11T13:42:00Z", "2013-10-11T13:42:00.000Z"],
    ["2013-10-11T13:42:00.250Z", "2013-10-11T13:42:00.250Z"],
    ["2013-10-11T13:42:00-04:00", "2013-10-11T17:42:00.000Z"],
    ["2013-10-11T13:42:00+0530", "2013-10-11T08:12:00.000Z"],
    ["2013-10-11", "2013-10-11T00:00:00.000Z"],
    ["2013/10/11, 1:42 PM", "2013-10-11T13:42:00.000Z"],
  ])("reads %j as UTC %s", (text, iso) => {
    const result = parseImportTime(text);
    expect(result.ok && result.value.toISOString()).toBe(iso);
  });

  it.each([
    ["10/11/2013 13:42", "day and month order is ambiguous"],
    ["2013/02/30", "not a real date"],
    ["2013/13/01", "not a real date or time"],
    ["yesterday", "not a date"],
    ["", "empty"],
  ])("refuses %j (%s)", (text, reason) => {
    expect(parseImportTime(text)).toEqual({ ok: false, reason });
  });
});

describe("parsePledgeStatus", () => {
  it.each([
    ["collected", "COLLECTED"],
    ["Collected", "COLLECTED"],
    ["errored", "ERRORED"],
    ["dropped", "DROPPED"],
    ["failed", "FAILED"],
    ["refunded", "REFUNDED"],
    ["canceled", "DROPPED"],
    ["cancelled", "DROPPED"],
    ["paid", "COLLECTED"],
  ])("reads %j as %s", (text, status) => {
    expect(parsePledgeStatus(text)).toBe(status);
  });

  it("does not guess unknown words", () => {
    expect(parsePledgeStatus("pending")).toBeNull();
    expect(parsePledgeStatus("")).toBeNull();
  });
});

describe("emails, countries and item columns", () => {
  it("normalises and validates emails", () => {
    expect(normalizeEmail("  Ada@Example.COM ")).toBe("ada@example.com");
    expect(isValidEmail("ada@example.com")).toBe(true);
    expect(isValidEmail("first.last+tag@sub.example.co.uk")).toBe(true);
    for (const bad of ["ada at example.com", "ada@example", "a@b@c.com", "ada@example.com, bob@example.com", "Ada <ada@example.com>", "ada@@example.com", "ada@example..com"]) {
      expect(isValidEmail(normalizeEmail(bad)), bad).toBe(false);
    }
  });

  it("resolves country codes and English names", () => {
    expect(resolveCountryCode("de")).toBe("DE");
    expect(resolveCountryCode("Germany")).toBe("DE");
    expect(resolveCountryCode("United States")).toBe("US");
    expect(resolveCountryCode("UK")).toBe("GB");
    expect(resolveCountryCode("Atlantis")).toBeNull();
  });

  it("reads Kickstarter add-on columns", () => {
    expect(readItemColumn("[Addon: 4567] Playmat")).toEqual({ key: "addon:4567", name: "Playmat", externalId: "4567", isAddOn: true });
    expect(readItemColumn("Board Game")).toEqual({ key: "name:board game", name: "Board Game", externalId: null, isAddOn: false });
  });
});
