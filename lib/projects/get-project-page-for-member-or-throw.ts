import "server-only";
import { prisma } from "@/lib/db/client";
import type { MemberRole, Platform } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { ACTIVE_JOB_STATUSES, type ProjectJobSummary } from "@/lib/jobs/project-job-types";
import type { MemberProject } from "./get-project-for-member-or-throw";
import { isUuid } from "./is-uuid";

/** How many queued and running jobs the project header names at most. */
const HEADER_JOBS_LIMIT = 20;

export type MemberProjectPage = { project: MemberProject; activeJobs: ProjectJobSummary[] };

type Row = {
  id: string;
  name: string;
  platform: Platform;
  currency: string;
  launched_at: Date | null;
  ended_at: Date | null;
  early_bird_hours: number;
  time_zone: string;
  role: MemberRole;
  jobs: ProjectJobSummary[];
};

/**
 * What every page of a project needs besides its own data: the project when `userId` is a member
 * (NOT_FOUND otherwise, as getProjectForMemberOrThrow answers) and the queued and running jobs the
 * header shows. One statement: the membership check, the project and its active jobs come back
 * together, instead of one round trip each on every page a creator opens. Written in SQL rather
 * than as a Prisma nested select: it runs on every project page, and Prisma's building and mapping
 * of the nested result cost the web process about a millisecond of CPU more each time.
 */
export async function getProjectPageForMemberOrThrow(userId: string, projectId: string): Promise<MemberProjectPage> {
  const [row] = isUuid(projectId)
    ? await prisma.$queryRaw<Row[]>`
        SELECT p.id::text AS id, p.name, p.platform::text AS platform, p.currency, p.launched_at, p.ended_at,
               p.early_bird_hours, p.time_zone, m.role::text AS role,
               coalesce((
                 SELECT json_agg(json_build_object('id', j.id, 'status', j.status, 'title', j.title, 'step', j.step, 'percent', j.percent)
                                 ORDER BY j.created_at DESC, j.id DESC)
                   FROM (SELECT pj.id, pj.status, pj.title, pj.step, pj.percent, pj.created_at
                           FROM project_job pj
                          WHERE pj.project_id = p.id AND pj.status = ANY(${[...ACTIVE_JOB_STATUSES]}::"ProjectJobStatus"[])
                          ORDER BY pj.created_at DESC, pj.id DESC
                          LIMIT ${HEADER_JOBS_LIMIT}) j
               ), '[]'::json) AS jobs
          FROM "membership" m
          JOIN project p ON p.id = m."project_id"
         WHERE m."project_id" = ${projectId}::uuid AND m."user_id" = ${userId}`
    : [];
  if (!row) throw new DomainError("NOT_FOUND", "This project does not exist, or you are not a member of it.");
  return {
    project: {
      id: row.id,
      name: row.name,
      platform: row.platform,
      currency: row.currency,
      launchedAt: row.launched_at,
      endedAt: row.ended_at,
      earlyBirdHours: row.early_bird_hours,
      timeZone: row.time_zone,
      role: row.role,
    },
    activeJobs: row.jobs,
  };
}
