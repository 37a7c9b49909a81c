import { z } from "zod";

const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());
const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** A form field that may appear once, several times (an array) or not at all (an empty list). */
const repeated = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(schema));

/** An item as added or edited on the Items page; `itemId` absent adds one. */
export const SaveItemSchema = z.object({
  projectId: z.string(),
  itemId: z.preprocess(blank, z.guid({ error: "Choose an item." }).optional()),
  name: z.string().trim().min(1, "Enter the item's name.").max(200, "Keep the name under 200 characters."),
  sku: z.preprocess(blank, z.string().trim().max(100, "Keep the SKU under 100 characters.").optional()),
  physical: checkbox,
  weightGrams: z.preprocess(
    blank,
    z.coerce.number({ error: "Enter the weight in grams, such as 250." }).int("Enter whole grams, such as 250.").min(0).max(1_000_000).optional(),
  ),
  /** New options, comma-separated ("S, M, L"); existing options are kept. */
  options: z.preprocess(
    (value) => (typeof value === "string" ? value.split(",").map((option) => option.trim()).filter(Boolean) : []),
    z.array(z.string().max(100, "Keep each option under 100 characters.")).max(50, "At most 50 options."),
  ),
  /** The existing options as edited: one `optionId` and one `optionName` each, in the same order. */
  optionId: repeated(z.guid({ error: "Choose an option of this item." })),
  optionName: repeated(z.string().trim().min(1, "Enter the option's name, or tick Remove.").max(100, "Keep each option under 100 characters.")),
  /** Existing options to remove (ticked "Remove"); refused for options that pledges or incentives use. */
  removeOptionId: repeated(z.guid({ error: "Choose an option of this item." })),
})
  .refine((input) => input.optionId.length === input.optionName.length, {
    error: "The options were sent incompletely. Reload the page and try again.",
    path: ["options"],
  })
  .transform(({ optionId, optionName, ...input }) => ({
    ...input,
    renames: optionId.map((id, index) => ({ id, name: optionName[index] })),
  }));

export type SaveItemInput = z.output<typeof SaveItemSchema>;

export const ArchiveItemSchema = z.object({
  projectId: z.string(),
  itemId: z.guid({ error: "Choose an item." }),
  archived: z.preprocess((value) => value === true || value === "true", z.boolean()),
});

export type ArchiveItemInput = z.output<typeof ArchiveItemSchema>;
