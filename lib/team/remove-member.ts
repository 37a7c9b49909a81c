import "server-only";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { describeMember, findTeamMemberOrThrow } from "./find-team-member-or-throw";
import { countOwners, lockProjectTeam } from "./lock-project-team";

/**
 * Takes a member off the project's team (`actorId` removing someone), or, when `actorId` is the
 * member, has them leave. Either way the last owner stays: a project always has someone who can
 * manage its team and delete it.
 */
export async function removeMember(tx: Tx, input: { projectId: string; userId: string; actorId: string }): Promise<void> {
  await lockProjectTeam(tx, input.projectId);
  const member = await findTeamMemberOrThrow(tx, input.projectId, input.userId);
  const leaving = input.userId === input.actorId;
  if (member.role === "OWNER" && (await countOwners(tx, input.projectId)) === 1) {
    throw new DomainError(
      "CONFLICT",
      leaving
        ? "You are the project's last owner, so you cannot leave it. Make another member an owner first, or delete the project."
        : `${describeMember(member)} is the project's last owner and cannot be removed. Make another member an owner first.`,
    );
  }
  await tx.membership.delete({ where: { projectId_userId: { projectId: input.projectId, userId: input.userId } } });
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    action: leaving ? "team.left" : "team.removed",
    targetCount: 1,
    details: { userId: member.userId, email: member.email, name: member.name, role: member.role },
  });
}
