import "server-only";
import { z } from "zod";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";
import { normalizeEmail } from "@/lib/auth/normalize-email";
import type { Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { queueEmail } from "@/lib/mail/queue-email";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/projects/project-permissions";
import { formatZonedDateTime } from "@/lib/projects/zoned-time";
import { createInvitationToken, INVITATION_VALID_DAYS } from "./invitation-token";
import { lockProjectTeam } from "./lock-project-team";

export const InviteTeamMemberSchema = z.object({
  projectId: z.string(),
  email: z
    .string()
    .trim()
    .min(1, "Enter the email address to invite.")
    .pipe(z.email("Enter a valid email address, such as ada@example.com.")),
  role: z.enum(["OWNER", "COLLABORATOR", "VIEWER"], { error: "Choose a role." }),
});
export type InviteTeamMember = z.output<typeof InviteTeamMemberSchema>;

export type Inviter = { id: string; name: string; email: string };

/**
 * Invites `email` to the project's team with `role`: writes the invitation and its email in the
 * same transaction. Inviting an address that already has a pending invitation replaces it (the old
 * link stops working), so "invite again" is how an owner resends or changes the role offered.
 */
export async function inviteTeamMember(
  tx: Tx,
  input: InviteTeamMember & { inviter: Inviter; now?: Date },
): Promise<{ invitationId: string; email: string; replaced: boolean }> {
  const email = normalizeEmail(input.email);
  const now = input.now ?? new Date();
  await lockProjectTeam(tx, input.projectId);
  const project = await tx.project.findUniqueOrThrow({ where: { id: input.projectId }, select: { name: true, timeZone: true } });
  const existing = await tx.membership.findFirst({
    where: { projectId: input.projectId, user: { email } },
    select: { role: true },
  });
  if (existing) {
    throw new DomainError("CONFLICT", `${email} is already a member of this project, as ${ROLE_LABELS[existing.role]}. Change their role in the member list instead.`, {
      email: ["Already a member of this project."],
    });
  }
  const replaced = await tx.projectInvitation.updateMany({
    where: { projectId: input.projectId, email, acceptedAt: null, revokedAt: null },
    data: { revokedAt: now },
  });
  const { token, tokenHash } = createInvitationToken();
  const expiresAt = new Date(now.getTime() + INVITATION_VALID_DAYS * 24 * 60 * 60 * 1000);
  const invitation = await tx.projectInvitation.create({
    data: { projectId: input.projectId, email, role: input.role, tokenHash, invitedById: input.inviter.id, createdAt: now, expiresAt },
    select: { id: true },
  });
  await queueEmail(tx, {
    to: email,
    kind: "team-invitation",
    projectId: input.projectId,
    idempotencyKey: `team-invitation:${invitation.id}`,
    props: {
      url: `${new URL(env.APP_URL).origin}/invitations/${token}`,
      projectName: project.name,
      inviterName: input.inviter.name.trim() || input.inviter.email,
      roleLabel: ROLE_LABELS[input.role],
      roleDescription: ROLE_DESCRIPTIONS[input.role],
      expiresAt: formatZonedDateTime(expiresAt, project.timeZone),
    },
  });
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId: input.inviter.id,
    action: "team.invited",
    targetCount: 1,
    details: { invitationId: invitation.id, email, role: input.role },
  });
  return { invitationId: invitation.id, email, replaced: replaced.count > 0 };
}
