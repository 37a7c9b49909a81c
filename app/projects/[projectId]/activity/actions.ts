"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createProjectAction } from "@/lib/actions/create-project-action";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { cancelProjectJobOrThrow } from "@/lib/jobs/cancel-project-job";

const CancelProjectJobSchema = z.object({
  projectId: z.string({ error: "The project is missing" }),
  jobId: z.uuid({ error: "Choose a job to cancel" }),
});

/** "Cancel" on a job that is still waiting to start. */
export const cancelProjectJobAction = createProjectAction({
  schema: CancelProjectJobSchema,
  handler: async (input, { project }) => {
    await runInTransaction((tx) => cancelProjectJobOrThrow(tx, { projectId: project.id, jobId: input.jobId }));
    revalidatePath(`/projects/${project.id}/activity`);
    return { cancelled: true };
  },
});
