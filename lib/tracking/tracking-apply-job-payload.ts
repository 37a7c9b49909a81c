import { z } from "zod";
import { BackerSelectionSchema } from "@/lib/backers/report/resolve-backer-selection";

/** What a tracking apply job needs besides the stored file: the dialog's choices and the preview's fingerprint. */
export const TrackingApplyJobPayloadSchema = z.object({
  selection: BackerSelectionSchema,
  skipExisting: z.boolean(),
  separatePackages: z.boolean(),
  skipProblemRows: z.boolean(),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  /** The workbook sheet previewed; absent: the first visible one (and in jobs queued before sheets could be chosen). */
  sheet: z.string().optional(),
});
export type TrackingApplyJobPayload = z.infer<typeof TrackingApplyJobPayloadSchema>;
