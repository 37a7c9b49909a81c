import { z } from "zod";

const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());

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
});

export type UpdatePledgeLevelInput = z.output<typeof UpdatePledgeLevelSchema>;
