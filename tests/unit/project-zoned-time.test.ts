import { describe, expect, it } from "vitest";
import {
  formatInZone,
  formatZonedDateTime,
  isValidTimeZone,
  listTimeZones,
  timeZoneOffsetMs,
  utcToZonedWallTime,
  zonedHeading,
  zonedWallTimeToUtc,
} from "@/lib/projects/zoned-time";

const HOUR = 3_600_000;

describe("zoned wall times", () => {
  it("converts a launch at 14:00 in a zone ahead of UTC, behind UTC and on a half hour", () => {
    expect(zonedWallTimeToUtc({ date: "2026-03-03", time: "14:00" }, "Europe/Paris")?.toISOString()).toBe("2026-03-03T13:00:00.000Z");
    expect(zonedWallTimeToUtc({ date: "2026-07-03", time: "14:00" }, "Europe/Paris")?.toISOString()).toBe("2026-07-03T12:00:00.000Z");
    expect(zonedWallTimeToUtc({ date: "2026-03-03", time: "14:00" }, "America/Los_Angeles")?.toISOString()).toBe("2026-03-03T22:00:00.000Z");
    expect(zonedWallTimeToUtc({ date: "2026-03-03", time: "14:00" }, "Asia/Kolkata")?.toISOString()).toBe("2026-03-03T08:30:00.000Z");
    expect(zonedWallTimeToUtc({ date: "2026-03-03", time: "14:00" }, "UTC")?.toISOString()).toBe("2026-03-03T14:00:00.000Z");
  });

  it("round-trips every half hour of a year in a zone with daylight saving", () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 30 * 60_000) {
      const wall = utcToZonedWallTime(new Date(t), "America/New_York");
      const back = zonedWallTimeToUtc(wall, "America/New_York")!.getTime();
      // The hour that happens twice in November reads back as its first occurrence.
      expect(back === t || back === t - HOUR).toBe(true);
    }
  });

  it("keeps the early-bird window 48 elapsed hours when the clocks change inside it", () => {
    // Berlin turns its clocks back from 03:00 CEST to 02:00 CET on Sunday 25 October 2026.
    const launch = zonedWallTimeToUtc({ date: "2026-10-24", time: "14:00" }, "Europe/Berlin")!;
    expect(launch.toISOString()).toBe("2026-10-24T12:00:00.000Z");
    const windowEnd = new Date(launch.getTime() + 48 * HOUR);
    // 48 hours later the wall clock shows 13:00, not 14:00: the night had 25 hours.
    expect(utcToZonedWallTime(windowEnd, "Europe/Berlin")).toEqual({ date: "2026-10-26", time: "13:00" });
    expect(formatZonedDateTime(launch, "Europe/Berlin")).toBe("Sat, Oct 24, 2026, 14:00 GMT+2 (Europe/Berlin)");
    expect(formatZonedDateTime(windowEnd, "Europe/Berlin")).toBe("Mon, Oct 26, 2026, 13:00 GMT+1 (Europe/Berlin)");
    // And in spring a window across the change ends an hour later on the clock.
    const spring = zonedWallTimeToUtc({ date: "2026-03-28", time: "14:00" }, "Europe/Berlin")!;
    expect(utcToZonedWallTime(new Date(spring.getTime() + 48 * HOUR), "Europe/Berlin")).toEqual({ date: "2026-03-30", time: "15:00" });
  });

  it("takes the first of a time that happens twice and moves a time that never happens forward", () => {
    // 01:30 happens twice in New York on 1 November 2026 (EDT, then EST).
    expect(zonedWallTimeToUtc({ date: "2026-11-01", time: "01:30" }, "America/New_York")?.toISOString()).toBe("2026-11-01T05:30:00.000Z");
    // 02:30 does not exist on 8 March 2026: it is read as 03:30 EDT.
    expect(zonedWallTimeToUtc({ date: "2026-03-08", time: "02:30" }, "America/New_York")?.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    // Lord Howe Island moves its clocks by half an hour.
    expect(zonedWallTimeToUtc({ date: "2026-04-05", time: "01:45" }, "Australia/Lord_Howe")?.toISOString()).toBe("2026-04-04T14:45:00.000Z");
  });

  it("refuses dates and times that are not real, and zones that do not exist", () => {
    expect(zonedWallTimeToUtc({ date: "2026-02-31", time: "10:00" }, "UTC")).toBeNull();
    expect(zonedWallTimeToUtc({ date: "2026-02-01", time: "24:00" }, "UTC")).toBeNull();
    expect(zonedWallTimeToUtc({ date: "1 Feb 2026", time: "10:00" }, "UTC")).toBeNull();
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    expect(listTimeZones()[0]).toBe("UTC");
    expect(listTimeZones()).toContain("Pacific/Auckland");
    expect(timeZoneOffsetMs(new Date("2026-07-01T00:00:00Z"), "Asia/Kolkata")).toBe(5.5 * HOUR);
  });
});

describe("formatInZone: the one way a stored moment is shown", () => {
  const moment = new Date("2026-03-14T14:02:00Z");

  it("shows the moment on the clock of zones east and west of UTC, with the zone's label", () => {
    expect(formatInZone(moment, "America/Los_Angeles")).toBe("Mar 14, 2026, 07:02 PDT");
    expect(formatInZone(moment, "Europe/Berlin")).toBe("Mar 14, 2026, 15:02 GMT+1");
    expect(formatInZone(moment, "Asia/Kolkata")).toBe("Mar 14, 2026, 19:32 GMT+5:30");
    expect(formatInZone(moment, "UTC")).toBe("Mar 14, 2026, 14:02 UTC");
    expect(formatInZone(moment.toISOString(), "UTC")).toBe("Mar 14, 2026, 14:02 UTC");
  });

  it("changes the label across a daylight-saving change", () => {
    // Los Angeles springs forward on 8 March 2026 at 02:00 local time (10:00 UTC).
    expect(formatInZone(new Date("2026-03-08T09:59:00Z"), "America/Los_Angeles")).toBe("Mar 8, 2026, 01:59 PST");
    expect(formatInZone(new Date("2026-03-08T10:00:00Z"), "America/Los_Angeles")).toBe("Mar 8, 2026, 03:00 PDT");
    // Berlin falls back on 25 October 2026 at 03:00 local time (01:00 UTC): 02:30 happens twice.
    expect(formatInZone(new Date("2026-10-25T00:30:00Z"), "Europe/Berlin")).toBe("Oct 25, 2026, 02:30 GMT+2");
    expect(formatInZone(new Date("2026-10-25T01:30:00Z"), "Europe/Berlin")).toBe("Oct 25, 2026, 02:30 GMT+1");
  });

  it("puts a date on the zone's calendar, not UTC's", () => {
    expect(formatInZone(new Date("2026-03-15T01:30:00Z"), "America/Los_Angeles", "date")).toBe("Mar 14, 2026");
    expect(formatInZone(new Date("2026-03-14T23:30:00Z"), "Australia/Sydney", "date")).toBe("Mar 15, 2026");
    expect(formatInZone(new Date("2026-03-14T23:30:00Z"), "UTC", "date")).toBe("Mar 14, 2026");
    expect(formatInZone(new Date("2026-03-14T23:30:00Z"), "Australia/Sydney", "time")).toBe("10:30 GMT+11");
  });

  it("names the IANA zone in the long form and in column headings", () => {
    expect(formatInZone(moment, "America/Los_Angeles", "long")).toBe("Sat, Mar 14, 2026, 07:02 GMT-7 (America/Los_Angeles)");
    expect(zonedHeading("Pledged at", "Europe/Berlin")).toBe("Pledged at (Europe/Berlin)");
    expect(formatInZone(moment, "America/Los_Angeles", "sheet")).toBe("2026-03-14 07:02");
    expect(formatInZone(moment, "Asia/Kolkata", "sheet")).toBe("2026-03-14 19:32");
  });
});
