import { z } from "zod";
import { Platform } from "@/lib/db/generated/enums";
import { CampaignTimesShape, resolveCampaignTimes } from "./campaign-times-schema";

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

/** The project's name, as entered on the new-project form and the Settings tab. */
export const ProjectNameSchema = z
  .string({ error: "Enter a project name." })
  .trim()
  .min(1, "Enter a project name.")
  .max(120, "Keep the project name under 120 characters.");

export const ProjectPlatformSchema = z.enum(Platform, { error: "Choose the platform the campaign ran on." });

export const ProjectCurrencySchema = z
  .string({ error: "Choose a currency." })
  .trim()
  .toUpperCase()
  .refine((code) => CURRENCIES.has(code), "Use a three-letter ISO currency code such as USD or EUR.");

/** What a creator enters to start a project; launch and end are date and time in `timeZone`. */
export const CreateProjectSchema = z
  .object({
    name: ProjectNameSchema,
    platform: ProjectPlatformSchema,
    currency: ProjectCurrencySchema,
    ...CampaignTimesShape,
  })
  .transform(({ timeZone, launchedAt, launchTime, endedAt, endTime, ...rest }, ctx) => ({
    ...rest,
    ...resolveCampaignTimes({ timeZone, launchedAt, launchTime, endedAt, endTime }, ctx),
  }));

export type CreateProjectInput = z.output<typeof CreateProjectSchema>;
