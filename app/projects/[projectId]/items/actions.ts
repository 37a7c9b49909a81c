"use server";

import { revalidatePath } from "next/cache";
import { createProjectAction } from "@/lib/actions/create-project-action";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { archiveItem } from "@/lib/items/archive-item";
import { ArchiveItemSchema, SaveItemSchema } from "@/lib/items/item-schema";
import { saveItem } from "@/lib/items/save-item";

/** Adds or saves an item (owners and collaborators). */
export const saveItemAction = createProjectAction({
  schema: SaveItemSchema,
  handler: async (input, { user }) => {
    const result = await runInTransaction((tx) => saveItem(tx, user.id, input));
    revalidatePath(`/projects/${input.projectId}`, "layout");
    return result;
  },
});

/** Archives or restores an item (owners and collaborators). */
export const archiveItemAction = createProjectAction({
  schema: ArchiveItemSchema,
  handler: async (input, { user }) => {
    const result = await runInTransaction((tx) => archiveItem(tx, user.id, input));
    revalidatePath(`/projects/${input.projectId}`, "layout");
    return result;
  },
});
