import { z } from "zod";

const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());

/** A form field that may appear once, several times (an array) or not at all. */
const repeated = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]), z.array(schema).optional());

const quantity = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? 0 : value),
  z.coerce
    .number({ error: "Enter how many of the item the level includes, or 0." })
    .int("Enter a whole number of items.")
    .min(0, "A quantity cannot be negative.")
    .max(1_000, "At most 1,000 of an item per level."),
);

/** A pledge level as edited on the Pledge levels page; saving it confirms its kind. */
export const UpdatePledgeLevelSchema = z.object({
  projectId: z.string(),
  levelId: z.guid({ error: "Choose a pledge level." }),
  name: z.string().trim().min(1, "Enter the pledge level's name.").max(200, "Keep the name under 200 characters."),
  price: z.coerce
    .number({ error: "Enter the minimum pledge, such as 45 or 45.00." })
    .min(0, "The price cannot be negative.")
    .max(10_000_000, "That price is too large."),
  kind: z.enum(["PHYSICAL", "DIGITAL", "NO_REWARD"], { error: "Choose physical, digital only or no reward." }),
  collectsShippingAddress: checkbox,
  weightBasedShipping: checkbox,
  /**
   * The level's contents as the form posts them: one `contentItemId` and one `contentQuantity` per
   * item of the project, in the same order; 0 or blank leaves the item out. Absent: unchanged.
   */
  contentItemId: repeated(z.guid({ error: "Choose an item of this project." })),
  contentQuantity: repeated(quantity),
})
  .refine((input) => (input.contentItemId?.length ?? 0) === (input.contentQuantity?.length ?? 0), {
    error: "The contents were sent incompletely. Reload the page and try again.",
    path: ["contents"],
  })
  .transform(({ contentItemId, contentQuantity, ...input }) => ({
    ...input,
    contents: contentItemId?.map((itemId, index) => ({ itemId, quantity: contentQuantity![index] })),
  }));

export type UpdatePledgeLevelInput = z.output<typeof UpdatePledgeLevelSchema>;
