import "server-only";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/get-current-user";
import { DomainError } from "@/lib/errors";
import { getProjectForMemberOrThrow, type MemberProject } from "./get-project-for-member-or-throw";
import type { ProjectPermission } from "./project-permissions";

export const PROJECT_ROUTE_NOT_FOUND_MESSAGE = "Page not found. This project does not exist, or your account is not a member of it.";

export type ProjectRouteAuthorization =
  | { ok: true; user: CurrentUser; project: MemberProject }
  | { ok: false; status: 404 | 403; code: "NOT_FOUND" | "FORBIDDEN"; message: string };

/**
 * The membership check every project route handler makes: the signed-in member and the project
 * when their role has `permission`; 404 for anyone else (signed out, not a member, no such
 * project: all alike); 403 with the reason for a member whose role lacks the permission. Each
 * refusal is answered by lib/http/project-route.ts in the route's format.
 */
export async function authorizeProjectRoute(projectId: string, permission: ProjectPermission): Promise<ProjectRouteAuthorization> {
  const notFound = { ok: false as const, status: 404 as const, code: "NOT_FOUND" as const, message: PROJECT_ROUTE_NOT_FOUND_MESSAGE };
  const user = await getCurrentUser();
  if (!user) return notFound;
  try {
    return { ok: true, user, project: await getProjectForMemberOrThrow(user.id, projectId, permission) };
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") return notFound;
    if (error instanceof DomainError && error.code === "FORBIDDEN") return { ok: false, status: 403, code: "FORBIDDEN", message: error.message };
    throw error;
  }
}
