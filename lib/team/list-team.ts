import "server-only";
import { prisma } from "@/lib/db/client";
import type { MemberRole } from "@/lib/db/generated/enums";
import { describeInvitationState } from "./describe-invitation-state";

export type TeamMember = { userId: string; name: string; email: string; role: MemberRole; joinedAt: Date };
export type TeamInvitation = { id: string; email: string; role: MemberRole; invitedAt: Date; expiresAt: Date; expired: boolean; invitedBy: string | null };

/**
 * The project's members (owners first, then by when they joined) and its open invitations
 * (neither accepted nor withdrawn; expired ones included, marked, for the owner to send again).
 */
export async function listTeam(projectId: string, now: Date = new Date()): Promise<{ members: TeamMember[]; invitations: TeamInvitation[] }> {
  const ORDER: Record<MemberRole, number> = { OWNER: 0, COLLABORATOR: 1, VIEWER: 2 };
  const [memberships, invitations] = await Promise.all([
    prisma.membership.findMany({
      where: { projectId },
      select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
      orderBy: { createdAt: "asc" },
    }),
    prisma.projectInvitation.findMany({
      where: { projectId, acceptedAt: null, revokedAt: null },
      orderBy: { createdAt: "desc" },
      take: 200,
    }),
  ]);
  const inviterIds = [...new Set(invitations.map((i) => i.invitedById).filter((id): id is string => id !== null))];
  const inviters = new Map(
    (await prisma.user.findMany({ where: { id: { in: inviterIds } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u.name.trim() || u.email]),
  );
  return {
    members: memberships
      .map((m) => ({ userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role, joinedAt: m.createdAt }))
      .sort((a, b) => ORDER[a.role] - ORDER[b.role] || a.joinedAt.getTime() - b.joinedAt.getTime()),
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      invitedAt: i.createdAt,
      expiresAt: i.expiresAt,
      expired: describeInvitationState(i, now) === "expired",
      invitedBy: i.invitedById ? (inviters.get(i.invitedById) ?? null) : null,
    })),
  };
}
