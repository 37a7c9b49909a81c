import { z } from "zod";

const EMAIL_OR_DOMAIN = /^(?:[^\s@]+@)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The instance settings an admin saves: the policy, and the addresses and domains on its list. */
export const InstanceSettingsSchema = z.object({
  projectCreation: z.enum(["EVERYONE", "ALLOWLIST", "INVITED"], { error: "Choose who may create projects." }),
  creatorAllowlist: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .max(254)
        .regex(EMAIL_OR_DOMAIN, { error: "Each entry is an email address (ada@example.com) or a domain (example.com)." }),
    )
    .max(10_000, { error: "At most 10,000 addresses and domains." }),
});

export type InstanceSettingsInput = z.output<typeof InstanceSettingsSchema>;

/** A project's sending allowance: emails per 24 hours, or null for no limit. */
export const EmailAllowanceSchema = z
  .number({ error: "Enter a number of emails per day." })
  .int({ error: "Enter a whole number of emails per day." })
  .min(0, { error: "The allowance cannot be negative." })
  .max(10_000_000, { error: "At most 10,000,000 emails per day; leave it empty for no limit." })
  .nullable();
