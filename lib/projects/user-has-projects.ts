import "server-only";
import { prisma } from "@/lib/db/client";
import { loadProjectPage } from "./load-project-page";
import { isUuid } from "./is-uuid";

/** Whether the user is a member of any project: backers who run none see no "Projects" area. */
export async function userHasProjects(userId: string): Promise<boolean> {
  return (await prisma.membership.findFirst({ where: { userId }, select: { userId: true } })) !== null;
}

const PROJECT_PAGE = /^\/projects\/([^/?#]+)/;

/**
 * userHasProjects for the page at `requestedPath` (the root layout's top bar). On a project's page
 * the project layout checks the membership anyway (loadProjectPage, cached per request), and a
 * member of this project has one: the answer costs no statement of its own there, one less on
 * every project page. Elsewhere, or when that check fails (the 404 of a project that is not
 * theirs), the query above.
 */
export async function userHasProjectsOnPage(userId: string, requestedPath: string | null): Promise<boolean> {
  const projectId = requestedPath?.match(PROJECT_PAGE)?.[1];
  if (projectId && isUuid(projectId)) {
    const member = await loadProjectPage(projectId).then(
      ({ user }) => user.id === userId,
      () => false,
    );
    if (member) return true;
  }
  return userHasProjects(userId);
}
