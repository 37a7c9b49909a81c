"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createProjectAction } from "@/lib/actions/create-project-action";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { changeMemberRole } from "@/lib/team/change-member-role";
import { inviteTeamMember, InviteTeamMemberSchema } from "@/lib/team/invite-team-member";
import { removeMember } from "@/lib/team/remove-member";
import { revokeInvitation } from "@/lib/team/revoke-invitation";

const RoleSchema = z.enum(["OWNER", "COLLABORATOR", "VIEWER"], { error: "Choose a role." });

/** Team → Invite: emails the invitation (owners only). */
export const inviteTeamMemberAction = createProjectAction({
  schema: InviteTeamMemberSchema,
  permission: "manage-team",
  handler: async (input, { user }) => {
    const result = await runInTransaction((tx) => inviteTeamMember(tx, { ...input, inviter: user }));
    revalidatePath(`/projects/${input.projectId}/team`);
    return result;
  },
});

/** Team → pending invitation → Withdraw. */
export const revokeInvitationAction = createProjectAction({
  schema: z.object({ projectId: z.string(), invitationId: z.uuid("This invitation does not exist any more.") }),
  permission: "manage-team",
  handler: async (input, { user }) => {
    const result = await runInTransaction((tx) => revokeInvitation(tx, { ...input, actorId: user.id }));
    revalidatePath(`/projects/${input.projectId}/team`);
    return result;
  },
});

/** Team → member → Role. */
export const changeMemberRoleAction = createProjectAction({
  schema: z.object({ projectId: z.string(), userId: z.string().min(1), role: RoleSchema }),
  permission: "manage-team",
  handler: async (input, { user }) => {
    const result = await runInTransaction((tx) => changeMemberRole(tx, { ...input, actorId: user.id }));
    revalidatePath(`/projects/${input.projectId}`, "layout");
    return result;
  },
});

/** Team → member → Remove. */
export const removeMemberAction = createProjectAction({
  schema: z.object({ projectId: z.string(), userId: z.string().min(1) }),
  permission: "manage-team",
  handler: async (input, { user }) => {
    await runInTransaction((tx) => removeMember(tx, { ...input, actorId: user.id }));
    revalidatePath(`/projects/${input.projectId}/team`);
    return { removed: true };
  },
});

/** Team → Leave this project: any member may leave, except the last owner. */
export const leaveProjectAction = createProjectAction({
  schema: z.object({ projectId: z.string() }),
  permission: "read",
  handler: async (input, { user }) => {
    await runInTransaction((tx) => removeMember(tx, { projectId: input.projectId, userId: user.id, actorId: user.id }));
    revalidatePath("/projects");
    redirect("/projects?left=1");
  },
});
