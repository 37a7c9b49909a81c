import { z } from "zod";
import { MAX_INSTRUCTIONS_LENGTH } from "./link-instructions";
import { validateAccessValue } from "./validate-access-value";

const NameSchema = z
  .string()
  .trim()
  .min(1, { message: "Give the reward a name backers will recognise, such as “Digital soundtrack”." })
  .max(120, { message: "Keep the name under 120 characters." });

const InstructionsSchema = z
  .string()
  .trim()
  .max(MAX_INSTRUCTIONS_LENGTH, {
    message: `Keep the instructions under ${MAX_INSTRUCTIONS_LENGTH.toLocaleString("en-US")} characters.`,
  })
  .optional()
  .transform((value) => (value ? value : null));

/** The one code or URL of a shared reward; optional here (it can be pasted when sending). */
const SharedValueSchema = z
  .string()
  .optional()
  .transform((value, context) => {
    const trimmed = value?.trim() ?? "";
    if (trimmed === "") return null;
    const check = validateAccessValue(trimmed, "The shared access code");
    if (!check.ok) {
      context.addIssue({ code: "custom", message: check.message });
      return z.NEVER;
    }
    return check.value;
  });

/** A check box: present ("on") when ticked, absent when not; a boolean when called from code. */
const CaseSensitiveSchema = z
  .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false")])
  .optional()
  .transform((value) => value === true || value === "on" || value === "true");

/** A new digital reward: name, kind (unique access codes or one shared access code), instructions. */
export const DigitalRewardCreateSchema = z.object({
  name: NameSchema,
  kind: z.enum(["UNIQUE", "SHARED"], { message: "Choose unique access codes or a shared access code." }),
  instructions: InstructionsSchema,
  sharedValue: SharedValueSchema,
  codesCaseSensitive: CaseSensitiveSchema,
});
// Case sensitivity is optional for callers in code: off unless said.
export type DigitalRewardCreate = Omit<z.output<typeof DigitalRewardCreateSchema>, "codesCaseSensitive"> & {
  codesCaseSensitive?: boolean;
};

/** Changes to a reward. Its kind is fixed once created: codes already sent depend on it. */
export const DigitalRewardUpdateSchema = z.object({
  name: NameSchema,
  instructions: InstructionsSchema,
  sharedValue: SharedValueSchema,
  codesCaseSensitive: CaseSensitiveSchema,
});
export type DigitalRewardUpdate = Omit<z.output<typeof DigitalRewardUpdateSchema>, "codesCaseSensitive"> & {
  codesCaseSensitive?: boolean;
};

/** Identifies one send, from the form that started it: a repeated submit with it sends nothing new. */
export const SendTokenSchema = z.uuid({ message: "This form is out of date. Close it and start the send again." });
