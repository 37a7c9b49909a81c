import { z } from "zod";
import { BackerSelectionSchema } from "@/lib/backers/report/resolve-backer-selection";

/**
 * What a digital reward send job needs besides its stored upload: the dialog's choices and its send
 * token. Pasted codes and code files travel as the job's upload (the text or the file's bytes), so
 * the payload stays small whatever the number of codes.
 */
export const DigitalRewardSendJobPayloadSchema = z.object({
  rewardId: z.uuid(),
  selection: BackerSelectionSchema,
  source: z.enum(["paste", "file", "bank", "shared"]),
  sharedValue: z.string().nullish(),
  exclusions: z.object({ failedPayments: z.boolean(), droppedPledges: z.boolean() }),
  token: z.uuid(),
});
export type DigitalRewardSendJobPayload = z.infer<typeof DigitalRewardSendJobPayloadSchema>;
