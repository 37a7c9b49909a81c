import "server-only";
import type { MemberRole, Platform } from "@/lib/db/generated/enums";
import { prisma } from "@/lib/db/client";

export type ProjectSummary = {
  id: string;
  name: string;
  platform: Platform;
  currency: string;
  launchedAt: Date | null;
  endedAt: Date | null;
  timeZone: string;
  role: MemberRole;
  backerCount: number;
};

/** The projects `userId` is a member of, newest first, with their backer counts. */
export async function listProjectsForUser(userId: string): Promise<ProjectSummary[]> {
  const memberships = await prisma.membership.findMany({
    where: { userId },
    orderBy: { project: { createdAt: "desc" } },
    select: {
      role: true,
      project: {
        select: {
          id: true,
          name: true,
          platform: true,
          currency: true,
          launchedAt: true,
          endedAt: true,
          timeZone: true,
          _count: { select: { backers: true } },
        },
      },
    },
  });
  return memberships.map(({ role, project: { _count, ...project } }) => ({
    ...project,
    role,
    backerCount: _count.backers,
  }));
}
