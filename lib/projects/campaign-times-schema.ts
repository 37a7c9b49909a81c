import { z } from "zod";
import { isValidTimeZone, zonedWallTimeToUtc } from "./zoned-time";

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const optionalDate = (label: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date such as 2026-03-01.`)
      // Round-tripping catches days a month does not have (2026-02-31), which Date would roll over.
      .refine((value) => {
        const date = new Date(`${value}T00:00:00Z`);
        return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
      }, `${label} is not a real date.`)
      .optional(),
  );

const optionalTime = (label: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${label} must be a time on a 24-hour clock, such as 14:00.`)
      .optional(),
  );

/**
 * The campaign's launch and end as a creator enters them: a date and a time on the clock of the
 * project's IANA time zone (`launchedAt` holds the date, `launchTime` the time; a date alone means
 * 00:00). Shared by the new-project form and the Settings tab.
 */
export const CampaignTimesShape = {
  timeZone: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine(isValidTimeZone, "Choose a time zone from the list, such as Europe/Berlin or America/New_York.")
      .optional(),
  ),
  launchedAt: optionalDate("Launch date"),
  launchTime: optionalTime("Launch time"),
  endedAt: optionalDate("End date"),
  endTime: optionalTime("End time"),
};

type CampaignTimesFields = {
  timeZone?: string;
  launchedAt?: string;
  launchTime?: string;
  endedAt?: string;
  endTime?: string;
};

export type CampaignTimes = { timeZone: string; launchedAt: Date | null; endedAt: Date | null };

/**
 * Turns the entered fields into UTC instants in the chosen zone (UTC when none is chosen), adding
 * an issue per field when a time comes without its date or the end is before the launch.
 */
export function resolveCampaignTimes(input: CampaignTimesFields, ctx: z.RefinementCtx): CampaignTimes {
  const timeZone = input.timeZone ?? "UTC";
  const instant = (date: string | undefined, time: string | undefined, dateField: string, label: string) => {
    if (date === undefined) {
      if (time !== undefined) ctx.addIssue({ code: "custom", path: [dateField], message: `Enter the ${label} date as well as its time.` });
      return null;
    }
    return zonedWallTimeToUtc({ date, time: time ?? "00:00" }, timeZone);
  };
  const launchedAt = instant(input.launchedAt, input.launchTime, "launchedAt", "launch");
  const endedAt = instant(input.endedAt, input.endTime, "endedAt", "end");
  if (launchedAt && endedAt && endedAt < launchedAt) {
    ctx.addIssue({ code: "custom", path: ["endedAt"], message: "The end must be on or after the launch." });
  }
  return { timeZone, launchedAt, endedAt };
}
