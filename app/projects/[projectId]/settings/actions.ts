"use server";

import { revalidatePath } from "next/cache";
import { createProjectAction } from "@/lib/actions/create-project-action";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { ProjectSettingsSchema } from "@/lib/projects/project-settings-schema";
import { updateProjectSettings, type SettingChange } from "@/lib/projects/update-project-settings";

/** Saves the Settings tab (owners and collaborators); the pages that show these settings refresh. */
export const updateProjectSettingsAction = createProjectAction({
  schema: ProjectSettingsSchema,
  handler: async (input, { user }): Promise<{ changes: SettingChange[] }> => {
    const result = await runInTransaction((tx) => updateProjectSettings(tx, user.id, input));
    revalidatePath(`/projects/${input.projectId}`, "layout");
    return result;
  },
});
