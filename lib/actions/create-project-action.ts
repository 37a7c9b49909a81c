import "server-only";
import type { z } from "zod";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/get-current-user";
import { getProjectForMemberOrThrow, type MemberProject } from "@/lib/projects/get-project-for-member-or-throw";
import type { ProjectPermission } from "@/lib/projects/project-permissions";
import type { ActionResult, ServerAction } from "./action-result";
import { runAction, SIGNED_OUT_MESSAGE } from "./create-action";
import { actionInput } from "./action-input";

type ProjectActionOptions<S extends z.ZodType<{ projectId: string }>, T> = {
  /** Must include `projectId`: the project the action touches. */
  schema: S;
  /**
   * What the action needs (lib/projects/project-permissions.ts). Defaults to "edit": an action
   * changes something unless it says otherwise, so a new action is closed to viewers by default.
   */
  permission?: ProjectPermission;
  handler: (input: z.output<S>, context: { user: CurrentUser; project: MemberProject }) => Promise<T>;
};

/**
 * A server action on one project's data. On top of `createAction`, it checks that the user is a
 * member of the `projectId` in the input (NOT_FOUND otherwise, like a missing project) and that
 * their role has `permission` (FORBIDDEN with the reason otherwise), then hands the handler the project.
 */
export function createProjectAction<S extends z.ZodType<{ projectId: string }>, T>(
  options: ProjectActionOptions<S, T>,
): ServerAction<z.input<S>, T> {
  const action = async (...args: unknown[]): Promise<ActionResult<T>> => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, code: "FORBIDDEN", message: SIGNED_OUT_MESSAGE };
    return runAction(options.schema, actionInput(args), async (parsed) => {
      const project = await getProjectForMemberOrThrow(user.id, parsed.projectId, options.permission ?? "edit");
      return options.handler(parsed, { user, project });
    });
  };
  return action as ServerAction<z.input<S>, T>;
}
