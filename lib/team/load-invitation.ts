import "server-only";
import { prisma } from "@/lib/db/client";
import type { MemberRole } from "@/lib/db/generated/enums";
import { describeInvitationState, type InvitationState } from "./describe-invitation-state";
import { hashInvitationToken } from "./invitation-token";

export type InvitationView = {
  projectId: string;
  projectName: string;
  projectTimeZone: string;
  email: string;
  role: MemberRole;
  inviterName: string | null;
  expiresAt: Date;
  state: InvitationState;
};

/** The invitation a link's token names, for its page; null when no invitation has that token. */
export async function loadInvitation(token: string, now: Date = new Date()): Promise<InvitationView | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const invitation = await prisma.projectInvitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: {
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      invitedById: true,
      project: { select: { id: true, name: true, timeZone: true } },
    },
  });
  if (!invitation) return null;
  const inviter = invitation.invitedById
    ? await prisma.user.findUnique({ where: { id: invitation.invitedById }, select: { name: true, email: true } })
    : null;
  return {
    projectId: invitation.project.id,
    projectName: invitation.project.name,
    projectTimeZone: invitation.project.timeZone,
    email: invitation.email,
    role: invitation.role,
    inviterName: inviter ? inviter.name.trim() || inviter.email : null,
    expiresAt: invitation.expiresAt,
    state: describeInvitationState(invitation, now),
  };
}
