import "server-only";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { ACTIVE_JOB_STATUSES, type ProjectJobSummary } from "@/lib/jobs/project-job-types";
import { MEMBER_PROJECT_SELECT, type MemberProject } from "./get-project-for-member-or-throw";
import { isUuid } from "./is-uuid";

/** How many queued and running jobs the project header names at most. */
const HEADER_JOBS_LIMIT = 20;

export type MemberProjectPage = { project: MemberProject; activeJobs: ProjectJobSummary[] };

/**
 * What every page of a project needs besides its own data: the project when `userId` is a member
 * (NOT_FOUND otherwise, as getProjectForMemberOrThrow answers) and the queued and running jobs the
 * header shows. One statement: the membership check, the project and its active jobs come back
 * together, instead of one round trip each on every page a creator opens.
 */
export async function getProjectPageForMemberOrThrow(userId: string, projectId: string): Promise<MemberProjectPage> {
  const membership = isUuid(projectId)
    ? await prisma.membership.findUnique({
        where: { projectId_userId: { projectId, userId } },
        select: {
          role: true,
          project: {
            select: {
              ...MEMBER_PROJECT_SELECT,
              jobs: {
                where: { status: { in: [...ACTIVE_JOB_STATUSES] } },
                orderBy: [{ createdAt: "desc" }, { id: "desc" }],
                take: HEADER_JOBS_LIMIT,
                select: { id: true, status: true, title: true, step: true, percent: true },
              },
            },
          },
        },
      })
    : null;
  if (!membership) throw new DomainError("NOT_FOUND", "This project does not exist, or you are not a member of it.");
  const { jobs, ...project } = membership.project;
  return { project: { ...project, role: membership.role }, activeJobs: jobs };
}
