"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { createAction } from "@/lib/actions/create-action";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { createProject } from "@/lib/projects/create-project";
import { CreateProjectSchema } from "@/lib/projects/create-project-schema";

/** Creates a project owned by the signed-in user and opens its first step: importing the backers. */
export const createProjectFromForm = createAction({
  schema: CreateProjectSchema,
  handler: async (input, { user }) => {
    const project = await runInTransaction((tx) => createProject(tx, user.id, input));
    revalidatePath("/projects");
    redirect(`/projects/${project.id}/imports`);
  },
});
