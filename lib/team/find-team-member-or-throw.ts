import "server-only";
import type { Tx } from "@/lib/db/client";
import type { MemberRole } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import type { TeamMemberRef } from "@/lib/activity/audit-event-kinds";

/** A member of the project with their role, or NOT_FOUND (removed meanwhile, or never a member). */
export async function findTeamMemberOrThrow(tx: Tx, projectId: string, userId: string): Promise<TeamMemberRef & { role: MemberRole }> {
  const membership = await tx.membership.findUnique({
    where: { projectId_userId: { projectId, userId } },
    select: { role: true, user: { select: { id: true, email: true, name: true } } },
  });
  if (!membership) throw new DomainError("NOT_FOUND", "This person is not a member of the project any more. Reload the page to see the team as it is.");
  return { userId: membership.user.id, email: membership.user.email, name: membership.user.name, role: membership.role };
}

/** "Ada Lovelace (ada@example.com)", or the address alone when the account has no name. */
export function describeMember(member: { name: string; email: string }): string {
  return member.name.trim() ? `${member.name} (${member.email})` : member.email;
}
