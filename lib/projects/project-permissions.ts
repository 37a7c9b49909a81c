import type { MemberRole } from "@/lib/db/generated/enums";

/**
 * What a member may do in a project. Every server action (createProjectAction), route handler
 * (projectRoute) and page that shows a control asks here, so the role matrix lives in this
 * one table. Pure: client components import it to hide what a role may not use.
 */
export type ProjectPermission =
  /** Open the project's pages. */
  | "read"
  /** Change anything in the project: imports, tracking, rewards, segments, incentives, mail, settings. */
  | "edit"
  /** Download files holding backers' personal data (backer report, SKU per column, tracking template). */
  | "export"
  /** Invite people, change roles, remove members. */
  | "manage-team"
  | "delete-project";

const MATRIX: Record<MemberRole, readonly ProjectPermission[]> = {
  OWNER: ["read", "edit", "export", "manage-team", "delete-project"],
  COLLABORATOR: ["read", "edit", "export"],
  VIEWER: ["read"],
};

export const ROLE_LABELS: Record<MemberRole, string> = { OWNER: "Owner", COLLABORATOR: "Collaborator", VIEWER: "Viewer" };

/** One line per role, as the team page explains them. */
export const ROLE_DESCRIPTIONS: Record<MemberRole, string> = {
  OWNER: "Everything, including the team and deleting the project.",
  COLLABORATOR: "All the work: imports, tracking, rewards, segments, incentives, mail, settings. Not the team or deletion.",
  VIEWER: "Reads every page of the project. Changes nothing and cannot export backers' personal data.",
};

const REFUSALS: Record<Exclude<ProjectPermission, "read">, Partial<Record<MemberRole, string>>> = {
  edit: { VIEWER: "You are a viewer of this project: you can read it but not change it. Ask an owner to make you a collaborator." },
  export: { VIEWER: "You are a viewer of this project: exports of backers' personal data are for owners and collaborators. Ask an owner to make you a collaborator." },
  "manage-team": { COLLABORATOR: "Only an owner can manage the team.", VIEWER: "Only an owner can manage the team." },
  "delete-project": { COLLABORATOR: "Only an owner can delete the project.", VIEWER: "Only an owner can delete the project." },
};

export function roleCan(role: MemberRole, permission: ProjectPermission): boolean {
  return MATRIX[role].includes(permission);
}

/** The message a member whose role lacks `permission` gets; null when the role has it. */
export function describeRefusal(role: MemberRole, permission: ProjectPermission): string | null {
  if (roleCan(role, permission)) return null;
  if (permission === "read") return "Your role does not let you open this project.";
  return REFUSALS[permission][role] ?? "Your role on this project does not allow this.";
}
