import { z } from "zod";

/** Name and description of a segment as typed by the creator. */
export const SegmentDetailsSchema = z.object({
  name: z
    .string({ error: "Give the segment a name" })
    .trim()
    .min(1, { error: "Give the segment a name" })
    .max(120, { error: "A segment name can be at most 120 characters" }),
  description: z
    .string({ error: "The description must be text" })
    .trim()
    .max(2000, { error: "A description can be at most 2000 characters" })
    .nullish()
    .transform((d) => (d ? d : null)),
});
export type SegmentDetails = z.output<typeof SegmentDetailsSchema>;
