import "server-only";
import type { z } from "zod";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/get-current-user";
import type { MemberRole } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { getProjectForMemberOrThrow, type MemberProject } from "@/lib/projects/get-project-for-member-or-throw";
import type { ActionResult, ServerAction } from "./action-result";
import { runAction, SIGNED_OUT_MESSAGE } from "./create-action";
import { actionInput } from "./action-input";

type ProjectActionOptions<S extends z.ZodType<{ projectId: string }>, T> = {
  /** Must include `projectId`: the project the action touches. */
  schema: S;
  /** Roles allowed to run the action; every member when omitted. */
  roles?: readonly MemberRole[];
  handler: (input: z.output<S>, context: { user: CurrentUser; project: MemberProject }) => Promise<T>;
};

/**
 * A server action on one project's data. On top of `createAction`, it checks that the user is a
 * member of the `projectId` in the input (NOT_FOUND otherwise, like a missing project) and has one
 * of `roles`, then hands the handler the project.
 */
export function createProjectAction<S extends z.ZodType<{ projectId: string }>, T>(
  options: ProjectActionOptions<S, T>,
): ServerAction<z.input<S>, T> {
  const action = async (...args: unknown[]): Promise<ActionResult<T>> => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, code: "FORBIDDEN", message: SIGNED_OUT_MESSAGE };
    return runAction(options.schema, actionInput(args), async (parsed) => {
      const project = await getProjectForMemberOrThrow(user.id, parsed.projectId);
      if (options.roles && !options.roles.includes(project.role)) {
        throw new DomainError(
          "FORBIDDEN",
          `Only a project ${options.roles.map((r) => r.toLowerCase()).join(" or ")} can do this.`,
        );
      }
      return options.handler(parsed, { user, project });
    });
  };
  return action as ServerAction<z.input<S>, T>;
}
