import "server-only";
import type { MemberRole, Platform } from "@/lib/db/generated/enums";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { isUuid } from "./is-uuid";
import { describeRefusal, type ProjectPermission } from "./project-permissions";

export type MemberProject = {
  id: string;
  name: string;
  platform: Platform;
  currency: string;
  launchedAt: Date | null;
  endedAt: Date | null;
  earlyBirdHours: number;
  /** IANA zone the project's times are entered and shown in. */
  timeZone: string;
  role: MemberRole;
};

/** The project's fields every member's page, action and route receives. */
export const MEMBER_PROJECT_SELECT = {
  id: true,
  name: true,
  platform: true,
  currency: true,
  launchedAt: true,
  endedAt: true,
  earlyBirdHours: true,
  timeZone: true,
} as const;

/**
 * The project, when `userId` is one of its members. Otherwise NOT_FOUND, exactly as for an id that
 * does not exist, so nobody can learn which projects exist by probing ids. A member whose role
 * lacks `permission` gets FORBIDDEN with a message saying why (members may know the project exists).
 */
export async function getProjectForMemberOrThrow(
  userId: string,
  projectId: string,
  permission: ProjectPermission = "read",
): Promise<MemberProject> {
  const membership = isUuid(projectId)
    ? await prisma.membership.findUnique({
        where: { projectId_userId: { projectId, userId } },
        select: {
          role: true,
          project: { select: MEMBER_PROJECT_SELECT },
        },
      })
    : null;
  if (!membership) throw new DomainError("NOT_FOUND", "This project does not exist, or you are not a member of it.");
  const refusal = describeRefusal(membership.role, permission);
  if (refusal) throw new DomainError("FORBIDDEN", refusal);
  return { ...membership.project, role: membership.role };
}
