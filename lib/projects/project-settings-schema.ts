import { z } from "zod";
import { CampaignTimesShape, resolveCampaignTimes } from "./campaign-times-schema";
import { ProjectCurrencySchema, ProjectNameSchema, ProjectPlatformSchema } from "./create-project-schema";

/** The Settings tab: name, platform, currency, time zone, launch and end, early-bird window. */
export const ProjectSettingsSchema = z
  .object({
    projectId: z.string(),
    name: ProjectNameSchema,
    platform: ProjectPlatformSchema,
    currency: ProjectCurrencySchema,
    earlyBirdHours: z.coerce
      .number({ error: "Enter a whole number of hours, such as 48." })
      .int("Enter a whole number of hours, such as 48.")
      .min(1, "The early-bird window is at least 1 hour.")
      .max(8784, "The early-bird window is at most 8,784 hours (a year)."),
    ...CampaignTimesShape,
  })
  .transform(({ timeZone, launchedAt, launchTime, endedAt, endTime, ...rest }, ctx) => ({
    ...rest,
    ...resolveCampaignTimes({ timeZone, launchedAt, launchTime, endedAt, endTime }, ctx),
  }));

export type ProjectSettingsInput = z.output<typeof ProjectSettingsSchema>;
