"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { createAction } from "@/lib/actions/create-action";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { acceptInvitation } from "@/lib/team/accept-invitation";

/** The invitation page's "Accept": joins the project and opens it. */
export const acceptInvitationAction = createAction({
  schema: z.object({ token: z.string().min(1) }),
  handler: async ({ token }, { user }) => {
    const { projectId } = await runInTransaction((tx) => acceptInvitation(tx, { token, user }));
    redirect(`/projects/${projectId}`);
  },
});
