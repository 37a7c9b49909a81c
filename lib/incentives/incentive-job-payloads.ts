import { z } from "zod";
import { IncentiveChoiceSchema, IncentiveExclusionsSchema } from "./incentive-schemas";

/** What an incentive apply job needs: the Segment Actions form's choices as the preview had them. */
export const IncentiveApplyJobPayloadSchema = z.object({
  segmentId: z.uuid(),
  incentive: IncentiveChoiceSchema,
  exclusions: IncentiveExclusionsSchema,
  notifyBackers: z.boolean(),
});
export type IncentiveApplyJobPayload = z.infer<typeof IncentiveApplyJobPayloadSchema>;

/** What an incentive undo job needs. */
export const IncentiveUndoJobPayloadSchema = z.object({ incentiveId: z.uuid() });
export type IncentiveUndoJobPayload = z.infer<typeof IncentiveUndoJobPayloadSchema>;
