import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireUser } from "@/lib/auth/require-user";
import type { CurrentUser } from "@/lib/auth/get-current-user";
import { DomainError } from "@/lib/errors";
import type { ProjectJobSummary } from "@/lib/jobs/project-job-types";
import type { MemberProject } from "./get-project-for-member-or-throw";
import { getProjectPageForMemberOrThrow } from "./get-project-page-for-member-or-throw";

/**
 * For pages under /projects/[projectId]: the signed-in member and the project, or the sign-in page
 * when signed out, or a 404 when the project is missing or not theirs. Every page and layout of a
 * project calls it (layouts do not guard pages in the App Router); it is cached per request, so the
 * layout and its page share one membership check. The header's running jobs come with it.
 */
export const loadProjectPage = cache(
  async (projectId: string): Promise<{ user: CurrentUser; project: MemberProject; activeJobs: ProjectJobSummary[] }> => {
    const user = await requireUser(`/projects/${projectId}`);
    try {
      return { user, ...(await getProjectPageForMemberOrThrow(user.id, projectId)) };
    } catch (error) {
      if (error instanceof DomainError && error.code === "NOT_FOUND") notFound();
      throw error;
    }
  },
);
