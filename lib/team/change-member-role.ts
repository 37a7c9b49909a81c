import "server-only";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";
import type { Tx } from "@/lib/db/client";
import type { MemberRole } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { ROLE_LABELS } from "@/lib/projects/project-permissions";
import { describeMember, findTeamMemberOrThrow } from "./find-team-member-or-throw";
import { countOwners, lockProjectTeam } from "./lock-project-team";

/** Gives a member another role; the project's last owner cannot be demoted. */
export async function changeMemberRole(
  tx: Tx,
  input: { projectId: string; userId: string; role: MemberRole; actorId: string },
): Promise<{ changed: boolean }> {
  await lockProjectTeam(tx, input.projectId);
  const member = await findTeamMemberOrThrow(tx, input.projectId, input.userId);
  if (member.role === input.role) return { changed: false };
  if (member.role === "OWNER" && (await countOwners(tx, input.projectId)) === 1) {
    const who = input.userId === input.actorId ? "You are" : `${describeMember(member)} is`;
    throw new DomainError(
      "CONFLICT",
      `${who} the project's last owner, so the role cannot become ${ROLE_LABELS[input.role]}. Make another member an owner first.`,
    );
  }
  await tx.membership.update({ where: { projectId_userId: { projectId: input.projectId, userId: input.userId } }, data: { role: input.role } });
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    action: "team.role-changed",
    targetCount: 1,
    details: { userId: member.userId, email: member.email, name: member.name, from: member.role, to: input.role },
  });
  return { changed: true };
}
