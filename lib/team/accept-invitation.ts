import "server-only";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";
import type { CurrentUser } from "@/lib/auth/get-current-user";
import { normalizeEmail } from "@/lib/auth/normalize-email";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { formatZonedDateTime } from "@/lib/projects/zoned-time";
import { describeInvitationState } from "./describe-invitation-state";
import { hashInvitationToken } from "./invitation-token";
import { lockProjectTeam } from "./lock-project-team";

const INVALID_LINK = "This invitation link is not valid. Check that you opened the whole link from the email, or ask the project's owner to invite you again.";

/**
 * Accepts the invitation behind `token` for the signed-in `user`, whose address must be the one
 * invited: adds their membership with the invited role and records that they joined. Accepting an
 * invitation already accepted by the same person answers as a success (a second click).
 */
export async function acceptInvitation(
  tx: Tx,
  input: { token: string; user: Pick<CurrentUser, "id" | "email" | "name">; now?: Date },
): Promise<{ projectId: string }> {
  const now = input.now ?? new Date();
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(input.token)) throw new DomainError("NOT_FOUND", INVALID_LINK);
  const found = await tx.projectInvitation.findUnique({ where: { tokenHash: hashInvitationToken(input.token) }, select: { id: true, projectId: true } });
  if (!found) throw new DomainError("NOT_FOUND", INVALID_LINK);
  await lockProjectTeam(tx, found.projectId);
  const invitation = await tx.projectInvitation.findUniqueOrThrow({
    where: { id: found.id },
    include: { project: { select: { timeZone: true } } },
  });
  const email = normalizeEmail(input.user.email);
  if (invitation.email !== email) {
    throw new DomainError(
      "FORBIDDEN",
      `This invitation is for ${invitation.email}, and you are signed in as ${email}. Sign out, then open the link again and sign in as ${invitation.email}.`,
    );
  }
  const state = describeInvitationState(invitation, now);
  if (state === "accepted") {
    if (invitation.acceptedById === input.user.id) return { projectId: invitation.projectId };
    throw new DomainError("CONFLICT", "This invitation was already accepted. Ask the project's owner to invite you again.");
  }
  if (state === "revoked") throw new DomainError("CONFLICT", "This invitation was withdrawn by the project's owner. Ask them to invite you again if you should have access.");
  if (state === "expired") {
    throw new DomainError(
      "CONFLICT",
      `This invitation expired on ${formatZonedDateTime(invitation.expiresAt, invitation.project.timeZone)}. Ask the project's owner to invite you again.`,
    );
  }
  const existing = await tx.membership.findUnique({ where: { projectId_userId: { projectId: invitation.projectId, userId: input.user.id } } });
  // Someone already on the team keeps their role: an old invitation must not demote them.
  if (!existing) {
    await tx.membership.create({ data: { projectId: invitation.projectId, userId: input.user.id, role: invitation.role, createdAt: now } });
  }
  await tx.projectInvitation.update({ where: { id: invitation.id }, data: { acceptedAt: now, acceptedById: input.user.id } });
  if (!existing) {
    await recordAuditEvent(tx, {
      projectId: invitation.projectId,
      actorId: input.user.id,
      action: "team.joined",
      targetCount: 1,
      details: { userId: input.user.id, email, name: input.user.name, role: invitation.role },
    });
  }
  return { projectId: invitation.projectId };
}
