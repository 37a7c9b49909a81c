import { z } from "zod";

/** What a backer import job needs besides the stored files: the preview it confirms and the creator's confirmations. */
export const BackerImportJobPayloadSchema = z.object({
  importId: z.uuid(),
  levelKinds: z.record(z.string(), z.enum(["PHYSICAL", "DIGITAL", "NO_REWARD"])).nullish(),
  launchedAt: z.iso.datetime({ offset: true }).nullish(),
  /** The date and status the creator chose in the preview for new pledges of a file without those columns. */
  newPledgeDefaults: z
    .object({
      pledgedAt: z.iso.datetime({ offset: true }).nullish(),
      status: z.enum(["COLLECTED", "ERRORED", "FAILED", "DROPPED", "REFUNDED"]).nullish(),
    })
    .nullish(),
});
export type BackerImportJobPayload = z.infer<typeof BackerImportJobPayloadSchema>;
