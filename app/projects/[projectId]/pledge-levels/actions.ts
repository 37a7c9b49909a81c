"use server";

import { revalidatePath } from "next/cache";
import { createProjectAction } from "@/lib/actions/create-project-action";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { UpdatePledgeLevelSchema } from "@/lib/pledge-levels/pledge-level-schema";
import { updatePledgeLevel } from "@/lib/pledge-levels/update-pledge-level";

/** Saves one pledge level (owners and collaborators); saving confirms its kind. */
export const updatePledgeLevelAction = createProjectAction({
  schema: UpdatePledgeLevelSchema,
  handler: async (input, { user }) => {
    const result = await runInTransaction((tx) => updatePledgeLevel(tx, user.id, input));
    revalidatePath(`/projects/${input.projectId}`, "layout");
    return result;
  },
});
