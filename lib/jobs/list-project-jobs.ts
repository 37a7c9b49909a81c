import "server-only";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { ProjectJobView } from "./project-job-types";
import { toProjectJobView } from "./to-project-job-view";

export type ListProjectJobsOptions = {
  /** Only this job (the dialog that started it polls it). */
  jobId?: string;
  /** Only queued and running jobs (the project header's indicator). */
  activeOnly?: boolean;
  limit?: number;
};

/**
 * A project's jobs, newest first, as the creator sees them. The caller must have checked that the
 * user is a member of the project; a job id of another project finds nothing.
 */
export async function listProjectJobs(projectId: string, options: ListProjectJobsOptions = {}): Promise<ProjectJobView[]> {
  const where: Prisma.ProjectJobWhereInput = { projectId };
  if (options.jobId) where.id = options.jobId;
  if (options.activeOnly) where.status = { in: ["QUEUED", "RUNNING"] };
  const rows = await prisma.projectJob.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit ?? 50,
    select: {
      id: true, kind: true, status: true, title: true, step: true, percent: true, result: true, error: true,
      createdAt: true, startedAt: true, finishedAt: true, createdById: true,
    },
  });
  const creatorIds = [...new Set(rows.map((row) => row.createdById).filter((id): id is string => id !== null))];
  const creators = creatorIds.length
    ? new Map((await prisma.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u.name || u.email]))
    : new Map<string, string>();
  return rows.map((row) => toProjectJobView({ ...row, createdByName: row.createdById ? (creators.get(row.createdById) ?? null) : null }));
}
