import { z } from "zod";
import { Platform } from "@/lib/db/generated/enums";

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

const optionalDate = (label: string) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date such as 2026-03-01.`)
      // Round-tripping catches days a month does not have (2026-02-31), which Date would roll over.
      .refine((value) => {
        const date = new Date(`${value}T00:00:00Z`);
        return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
      }, `${label} is not a real date.`)
      // Campaign dates are calendar days; midnight UTC keeps them the same day everywhere.
      .transform((value) => new Date(`${value}T00:00:00Z`))
      .optional(),
  );

/** What a creator enters to start a project. */
export const CreateProjectSchema = z
  .object({
    name: z
      .string({ error: "Enter a project name." })
      .trim()
      .min(1, "Enter a project name.")
      .max(120, "Keep the project name under 120 characters."),
    platform: z.enum(Platform, { error: "Choose the platform the campaign ran on." }),
    currency: z
      .string({ error: "Choose a currency." })
      .trim()
      .toUpperCase()
      .refine((code) => CURRENCIES.has(code), "Use a three-letter ISO currency code such as USD or EUR."),
    launchedAt: optionalDate("Launch date"),
    endedAt: optionalDate("End date"),
  })
  .refine((input) => !input.launchedAt || !input.endedAt || input.endedAt >= input.launchedAt, {
    path: ["endedAt"],
    message: "The end date must be on or after the launch date.",
  });

export type CreateProjectInput = z.output<typeof CreateProjectSchema>;
