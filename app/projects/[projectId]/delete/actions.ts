"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createProjectAction } from "@/lib/actions/create-project-action";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { logger } from "@/lib/log/logger";
import { deleteProject, DeleteProjectSchema } from "@/lib/projects/delete-project";

/** Delete project (owners only), after typing its name; lands on the project list. */
export const deleteProjectAction = createProjectAction({
  schema: DeleteProjectSchema,
  permission: "delete-project",
  handler: async (input, { user }) => {
    const result = await runInTransaction((tx) => deleteProject(tx, { ...input, actorId: user.id }), { timeout: 120_000 });
    logger.info({ projectId: input.projectId, actorId: user.id, backers: result.backers, cancelledEmails: result.cancelledEmails }, "project deleted");
    revalidatePath("/projects");
    redirect(`/projects?deleted=${encodeURIComponent(result.projectName)}`);
  },
});
