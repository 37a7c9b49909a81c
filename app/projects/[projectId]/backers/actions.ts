"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createProjectAction } from "@/lib/actions/create-project-action";
import { BackerSelectionSchema } from "@/lib/backers/report/resolve-backer-selection";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { addBackerSelectionToSegment } from "@/lib/backers/report/add-backer-selection-to-segment";
import { SegmentDetailsSchema } from "@/lib/segments/segment-input-schema";

const AddBackersToSegmentSchema = z.object({
  projectId: z.string(),
  target: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("existing"), segmentId: z.uuid({ message: "Choose a segment from the list." }) }),
    z.object({ kind: z.literal("new"), name: SegmentDetailsSchema.shape.name }),
  ]),
  selection: BackerSelectionSchema,
});

/** "Add to segment" in the backer report's selection bar: the selected backers join a static segment. */
export const addBackersToSegment = createProjectAction({
  schema: AddBackersToSegmentSchema,
  handler: async ({ projectId, target, selection }, { user }) => {
    const result = await runInTransaction((tx) =>
      addBackerSelectionToSegment(tx, { projectId, target, selection, actorId: user.id }),
      // "All matching" can be 250,000 backers in one INSERT … SELECT.
      { timeout: 60_000 },
    );
    revalidatePath(`/projects/${projectId}/backers`);
    revalidatePath(`/projects/${projectId}/segments`);
    return result;
  },
});
