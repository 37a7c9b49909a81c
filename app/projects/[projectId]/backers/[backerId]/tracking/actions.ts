"use server";

import { revalidatePath } from "next/cache";
import { createProjectAction } from "@/lib/actions/create-project-action";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { addTrackingNumberOrThrow } from "@/lib/tracking/add-tracking-number";
import { AddTrackingNumberSchema } from "@/lib/tracking/add-tracking-number-schema";

/** The row menu's "Add tracking number" for one backer. */
export const addTrackingNumberAction = createProjectAction({
  schema: AddTrackingNumberSchema,
  handler: async (input, { user }) => {
    const result = await runInTransaction((tx) => addTrackingNumberOrThrow(tx, { ...input, actorId: user.id }));
    revalidatePath(`/projects/${input.projectId}/backers`);
    revalidatePath(`/projects/${input.projectId}/backers/${input.backerId}/tracking`);
    return result;
  },
});
