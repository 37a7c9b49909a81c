import { describe, expect, it } from "vitest";
import { generateCampaign, type CampaignData } from "@/lib/demo/generate-campaign";

const HOUR = 3_600_000;
const campaign = generateCampaign({ seed: "unit", backers: 5000 });

function hoursAfterLaunch(data: CampaignData, at: Date): number {
  return (at.getTime() - data.project.launchedAt.getTime()) / HOUR;
}

describe("generateCampaign", () => {
  it("is deterministic: the same seed gives the same campaign, another seed a different one", () => {
    const again = generateCampaign({ seed: "unit", backers: 5000 });
    expect(again).toEqual(campaign);
    const other = generateCampaign({ seed: "other", backers: 5000 });
    expect(other.backers.map((b) => b.email)).not.toEqual(campaign.backers.map((b) => b.email));
    expect(other.pledges.map((p) => p.pledgedAt.getTime())).not.toEqual(campaign.pledges.map((p) => p.pledgedAt.getTime()));
  });

  it("pins its output, so a change to the generator that alters every demo is deliberate", () => {
    const small = generateCampaign({ seed: 42, backers: 3 });
    expect(small.backers.map((b) => `${b.backerNumber} ${b.name} <${b.email}> ${b.country}`)).toEqual(PINNED_BACKERS);
  });

  it("has several physical tiers, a digital-only tier and a no-reward tier with platform ids", () => {
    const kinds = campaign.pledgeLevels.map((level) => level.kind);
    expect(kinds.filter((kind) => kind === "PHYSICAL").length).toBeGreaterThanOrEqual(3);
    expect(kinds).toContain("DIGITAL");
    expect(kinds).toContain("NO_REWARD");
    const digital = campaign.pledgeLevels.find((level) => level.kind === "DIGITAL")!;
    const noReward = campaign.pledgeLevels.find((level) => level.kind === "NO_REWARD")!;
    expect(digital.collectsShippingAddress).toBe(false);
    expect(noReward.contents).toEqual([]);
    expect(campaign.pledgeLevels.some((level) => level.weightBasedShipping)).toBe(true);
    for (const level of campaign.pledgeLevels) expect(level.externalId).toMatch(/^\d{7}$/);
    expect(new Set(campaign.pledgeLevels.map((level) => level.externalId)).size).toBe(campaign.pledgeLevels.length);
    // Every backer of each tier exists in the data.
    const used = new Set(campaign.pledges.map((p) => p.pledgeLevelName));
    for (const level of campaign.pledgeLevels) expect(used).toContain(level.name);
  });

  it("has add-on items with options and platform add-on ids", () => {
    const shirt = campaign.items.find((item) => item.name === "T-shirt")!;
    expect(shirt.options).toEqual(["S", "M", "L", "XL", "XXL"]);
    expect(shirt.isAddOn).toBe(true);
    expect(campaign.items.find((item) => item.name === "Enamel pin")!.options).toEqual(["Gold", "Silver", "Black"]);
    for (const item of campaign.items.filter((i) => i.isAddOn)) expect(item.externalId).toMatch(/^\d{7}$/);
    for (const item of campaign.items.filter((i) => !i.isAddOn)) expect(item.externalId).toBeNull();
  });

  it("numbers backers sequentially in pledge order, with unique emails and platform UIDs", () => {
    campaign.backers.forEach((backer, index) => expect(backer.backerNumber).toBe(index + 1));
    campaign.pledges.forEach((pledge, index) => expect(pledge.backerNumber).toBe(index + 1));
    for (let i = 1; i < campaign.pledges.length; i++) {
      expect(campaign.pledges[i].pledgedAt.getTime()).toBeGreaterThanOrEqual(campaign.pledges[i - 1].pledgedAt.getTime());
    }
    const emails = campaign.backers.map((b) => b.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(new Set(campaign.backers.map((b) => b.platformUid)).size).toBe(emails.length);
    for (const email of emails) {
      expect(email).toBe(email.trim().toLowerCase());
      expect(email).toMatch(/^[a-z0-9._+-]+@example\.(com|org|net)$/);
    }
    const offset = generateCampaign({ seed: "unit", backers: 3, backerNumberStart: 1001 });
    expect(offset.backers.map((b) => b.backerNumber)).toEqual([1001, 1002, 1003]);
  });

  it("has international names with accents, apostrophes and non-Latin scripts, and many countries", () => {
    const names = campaign.backers.map((b) => b.name);
    expect(names.some((name) => name.includes("'"))).toBe(true);
    expect(names.some((name) => /[À-ɏ]/.test(name))).toBe(true); // Latin letters with diacritics
    expect(names.some((name) => /[ạ-ỹ]/.test(name))).toBe(true); // Vietnamese
    expect(names.some((name) => /[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/.test(name))).toBe(true); // CJK
    const countries = new Set(campaign.backers.map((b) => b.country));
    expect(countries.size).toBeGreaterThanOrEqual(20);
    const us = campaign.backers.filter((b) => b.country === "US").length / campaign.backers.length;
    expect(us).toBeGreaterThan(0.3);
    expect(us).toBeLessThan(0.6);
  });

  it("has shipping addresses exactly for tiers that collect them", () => {
    const levels = new Map(campaign.pledgeLevels.map((level) => [level.name, level]));
    campaign.backers.forEach((backer, index) => {
      const level = levels.get(campaign.pledges[index].pledgeLevelName!)!;
      if (level.collectsShippingAddress) {
        expect(backer.shippingAddress1).toBeTruthy();
        expect(backer.shippingCity).toBeTruthy();
        expect(backer.shippingPostalCode).toBeTruthy();
        expect(backer.shippingCountryName).toBeTruthy();
      } else {
        expect(backer.shippingAddress1).toBeNull();
      }
    });
    expect(campaign.backers.some((b) => b.notes)).toBe(true);
  });

  it("clusters pledges in the first 48 hours, with a long tail and a last-48-hours bump", () => {
    const duration = hoursAfterLaunch(campaign, campaign.project.endedAt);
    expect(duration).toBe(30 * 24);
    const hours = campaign.pledges.map((p) => hoursAfterLaunch(campaign, p.pledgedAt));
    const share = (from: number, to: number) => hours.filter((h) => h >= from && h < to).length / hours.length;
    expect(share(0, 48)).toBeGreaterThan(0.38);
    expect(share(0, 48)).toBeLessThan(0.55);
    // The last two days outsell two ordinary days in the middle by far.
    expect(share(duration - 48, duration)).toBeGreaterThan(4 * share(300, 348));
    expect(share(48, duration - 48)).toBeGreaterThan(0.3);
    expect(Math.min(...hours)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...hours)).toBeLessThan(duration);
  });

  it("gives early-bird pledges only to the launch rush", () => {
    const earlyBirds = campaign.pledges.filter((p) => p.pledgeLevelName === "Early Bird Core Game");
    expect(earlyBirds.length).toBeGreaterThan(0);
    for (const pledge of earlyBirds) expect(hoursAfterLaunch(campaign, pledge.pledgedAt)).toBeLessThan(48);
  });

  it("has mostly collected pledges and every other payment status, changed after the pledge", () => {
    const counts = new Map<string, number>();
    for (const pledge of campaign.pledges) counts.set(pledge.status, (counts.get(pledge.status) ?? 0) + 1);
    expect((counts.get("COLLECTED") ?? 0) / campaign.pledges.length).toBeGreaterThan(0.85);
    for (const status of ["ERRORED", "FAILED", "DROPPED", "REFUNDED"]) expect(counts.get(status) ?? 0).toBeGreaterThan(0);
    for (const pledge of campaign.pledges) {
      expect(pledge.statusChangedAt.getTime()).toBeGreaterThanOrEqual(pledge.pledgedAt.getTime());
    }
  });

  it("makes amounts add up: level price + add-ons + bonus + shipping", () => {
    const price = new Map(campaign.pledgeLevels.map((level) => [level.name, level]));
    const addOns = new Map<number, number>();
    for (const line of campaign.cartLines) {
      if (line.source === "ADD_ON") addOns.set(line.backerNumber, (addOns.get(line.backerNumber) ?? 0) + line.unitPrice * line.quantity);
    }
    for (const pledge of campaign.pledges) {
      const level = price.get(pledge.pledgeLevelName!)!;
      expect(pledge.amount).toBe(level.price + (addOns.get(pledge.backerNumber) ?? 0) + pledge.bonusAmount + pledge.shippingAmount);
      if (level.kind !== "PHYSICAL") expect(pledge.shippingAmount).toBe(0);
      else expect(pledge.shippingAmount).toBeGreaterThan(0);
    }
    expect(campaign.pledges.some((p) => p.bonusAmount > 0)).toBe(true);
  });

  it("puts the tier contents and add-ons in the cart, with options where the item has them", () => {
    const levels = new Map(campaign.pledgeLevels.map((level) => [level.name, level]));
    const items = new Map(campaign.items.map((item) => [item.name, item]));
    const byBacker = groupBy(campaign.cartLines);
    for (const pledge of campaign.pledges) {
      const level = levels.get(pledge.pledgeLevelName!)!;
      const lines = byBacker.get(pledge.backerNumber) ?? [];
      const tierLines = lines.filter((line) => line.source === "PLEDGE_LEVEL");
      expect(tierLines.map((line) => [line.itemName, line.quantity])).toEqual(level.contents.map((c) => [c.itemName, c.quantity]));
      for (const line of lines) {
        const item = items.get(line.itemName)!;
        expect(item).toBeDefined();
        if (item.options.length > 0) expect(item.options).toContain(line.optionName);
        else expect(line.optionName).toBeNull();
        if (line.source === "ADD_ON") expect(item.isAddOn).toBe(true);
      }
      if (level.kind === "NO_REWARD") expect(lines).toEqual([]);
      if (level.kind === "DIGITAL") expect(lines.every((line) => !items.get(line.itemName)!.physical)).toBe(true);
    }
    const addOnLines = campaign.cartLines.filter((line) => line.source === "ADD_ON");
    expect(addOnLines.length).toBeGreaterThan(campaign.pledges.length * 0.15);
    expect(addOnLines.some((line) => line.itemName === "T-shirt" && line.optionName === "XXL")).toBe(true);
  });

  it("draws the requested share of backers from an email pool, keeping their names", () => {
    const first = generateCampaign({ seed: "first", backers: 3000 });
    const second = generateCampaign({ seed: "second", backers: 1000, emailPool: { backers: first.backers, share: 0.2 } });
    const firstByEmail = new Map(first.backers.map((b) => [b.email, b]));
    const shared = second.backers.filter((b) => firstByEmail.has(b.email));
    expect(shared.length).toBe(200);
    for (const backer of shared) expect(backer.name).toBe(firstByEmail.get(backer.email)!.name);
    expect(new Set(second.backers.map((b) => b.email)).size).toBe(1000);
    // Returning backers are spread over the campaign, not bunched at the start.
    const numbers = shared.map((b) => b.backerNumber);
    expect(Math.min(...numbers)).toBeLessThan(200);
    expect(Math.max(...numbers)).toBeGreaterThan(800);
    // A pool smaller than the share is used up entirely.
    const pool = first.backers.slice(0, 5);
    const tiny = generateCampaign({ seed: "tiny", backers: 100, emailPool: { backers: pool, share: 0.5 } });
    const tinyEmails = new Set(tiny.backers.map((b) => b.email));
    expect(pool.filter((b) => tinyEmails.has(b.email)).length).toBe(5);
  });

  it("honours name, launch date, duration and currency, and rejects nonsense with a clear message", () => {
    const launchedAt = new Date("2024-05-01T12:00:00Z");
    const custom = generateCampaign({ seed: 1, backers: 10, name: "Paper Moths", launchedAt, durationDays: 14, currency: "eur" });
    expect(custom.project).toEqual({
      name: "Paper Moths",
      platform: "KICKSTARTER",
      currency: "EUR",
      launchedAt,
      endedAt: new Date("2024-05-15T12:00:00Z"),
    });
    expect(generateCampaign({ seed: 1, backers: 0 }).backers).toEqual([]);
    expect(() => generateCampaign({ seed: 1, backers: -1 })).toThrow("backers must be a whole number from 0 to 1000000, got -1");
    expect(() => generateCampaign({ seed: 1, backers: 10, durationDays: 0 })).toThrow("durationDays must be between 1 and 90");
    expect(() => generateCampaign({ seed: 1, backers: 10, currency: "dollars" })).toThrow("ISO 4217");
  });

  it("generates 250,000 backers in a few seconds", () => {
    // CPU time rather than wall time: the suite runs test files in parallel on two cores.
    const started = process.cpuUsage();
    const big = generateCampaign({ seed: "big", backers: 250_000 });
    const used = process.cpuUsage(started);
    expect(big.backers.length).toBe(250_000);
    expect(new Set(big.backers.map((b) => b.email)).size).toBe(250_000);
    expect((used.user + used.system) / 1e6).toBeLessThan(20);
  }, 120_000);
});

function groupBy<T extends { backerNumber: number }>(lines: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const line of lines) {
    const list = map.get(line.backerNumber);
    if (list) list.push(line);
    else map.set(line.backerNumber, [line]);
  }
  return map;
}

const PINNED_BACKERS = [
  "1 Lê Minh Anh <minhanh.le@example.com> VN",
  "2 Lotte de Jong <lotte1994@example.com> NL",
  "3 Lukas Köhler <lkohler@example.org> DE",
];
