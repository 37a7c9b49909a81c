import { ROLE_LABELS } from "@/lib/projects/project-permissions";
import type { AuditEventOf } from "./audit-event-kinds";

export type TeamEventKind = "team.invited" | "team.invitation-revoked" | "team.joined" | "team.role-changed" | "team.removed" | "team.left";

const TEAM_KINDS: readonly string[] = ["team.invited", "team.invitation-revoked", "team.joined", "team.role-changed", "team.removed", "team.left"] satisfies TeamEventKind[];

/** Narrows a stored event to a team event; its details are as the recorder's union typed them. */
export function asTeamEvent(event: { action: string; details: unknown }): AuditEventOf<TeamEventKind> | null {
  return TEAM_KINDS.includes(event.action) ? (event as AuditEventOf<TeamEventKind>) : null;
}

const who = (member: { name: string; email: string }) => (member.name.trim() ? `${member.name} (${member.email})` : member.email);

/** The Activity sentence and facts of a team change: who, and from which role to which. */
export function describeTeamEvent(event: AuditEventOf<TeamEventKind>): { sentence: string; facts: { label: string; value: string }[] } {
  switch (event.action) {
    case "team.invited":
      return { sentence: `invited ${event.details.email} as ${ROLE_LABELS[event.details.role]}`, facts: [] };
    case "team.invitation-revoked":
      return { sentence: `withdrew the invitation to ${event.details.email} (${ROLE_LABELS[event.details.role]})`, facts: [] };
    case "team.joined":
      return { sentence: `joined the team as ${ROLE_LABELS[event.details.role]}`, facts: [] };
    case "team.role-changed":
      return {
        sentence: `changed the role of ${who(event.details)}`,
        facts: [{ label: "Role", value: `${ROLE_LABELS[event.details.from]} → ${ROLE_LABELS[event.details.to]}` }],
      };
    case "team.removed":
      return { sentence: `removed ${who(event.details)} (${ROLE_LABELS[event.details.role]}) from the team`, facts: [] };
    case "team.left":
      return { sentence: `left the project (was ${ROLE_LABELS[event.details.role]})`, facts: [] };
  }
}
