import "server-only";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

/** Withdraws a pending invitation of the project: its link stops working at once. */
export async function revokeInvitation(tx: Tx, input: { projectId: string; invitationId: string; actorId: string; now?: Date }): Promise<{ email: string }> {
  const invitation = await tx.projectInvitation.findFirst({
    where: { id: input.invitationId, projectId: input.projectId },
    select: { id: true, email: true, role: true, acceptedAt: true, revokedAt: true },
  });
  if (!invitation) throw new DomainError("NOT_FOUND", "This invitation does not exist any more. Reload the page to see the team as it is.");
  if (invitation.acceptedAt) throw new DomainError("CONFLICT", `${invitation.email} already accepted this invitation: remove them from the member list instead.`);
  if (invitation.revokedAt) return { email: invitation.email };
  await tx.projectInvitation.update({ where: { id: invitation.id }, data: { revokedAt: input.now ?? new Date() } });
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    action: "team.invitation-revoked",
    targetCount: 1,
    details: { invitationId: invitation.id, email: invitation.email, role: invitation.role },
  });
  return { email: invitation.email };
}
