import { z } from "zod";

/** The single-backer "Add tracking number" form. */
export const AddTrackingNumberSchema = z.object({
  projectId: z.uuid({ message: "This project link is not valid." }),
  backerId: z.uuid({ message: "This backer link is not valid." }),
  trackingNumber: z.string().trim().min(1, { message: "Enter the tracking number." }).max(200, { message: "This is too long to be a tracking number." }),
  /** "" = detect from the number; a carrier name (known or the creator's own). */
  carrier: z.string().trim().max(60, { message: "Keep the carrier name under 60 characters." }).default(""),
  /** Only used when `carrier` is "Other". */
  otherCarrier: z.string().trim().max(60, { message: "Keep the carrier name under 60 characters." }).default(""),
  trackingUrl: z.string().trim().max(2000, { message: "This link is too long." }).default(""),
  /** Required when the backer already has a tracking number. */
  mode: z.enum(["replace", "add"], { message: "Choose whether this number replaces the current one or is another package." }).optional(),
});
export type AddTrackingNumberInput = z.infer<typeof AddTrackingNumberSchema>;

/** The value of the carrier select that means "type the carrier's name". */
export const OTHER_CARRIER = "Other";
