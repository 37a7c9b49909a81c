import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { mayCreateProjects } from "@/lib/instance/may-create-projects";
import type { CreateProjectInput } from "./create-project-schema";

/** What someone who may not create projects is told (also on the new-project page). */
export const MAY_NOT_CREATE_PROJECTS_MESSAGE =
  "This Pledgehouse instance lets only invited creators create projects. Ask its administrator to invite your email address. If you are a backer, your pledges are under “Your pledges”.";

/**
 * Creates a project with `ownerId` as its OWNER; returns the new project's id. FORBIDDEN when the
 * instance's policy does not let the owner create projects (an open instance would be a free
 * bulk mailer with its address as the sender).
 */
export async function createProject(tx: Tx, ownerId: string, input: CreateProjectInput): Promise<{ id: string }> {
  const owner = await tx.user.findUnique({ where: { id: ownerId }, select: { id: true, email: true } });
  if (!owner || !(await mayCreateProjects(tx, owner))) throw new DomainError("FORBIDDEN", MAY_NOT_CREATE_PROJECTS_MESSAGE);
  const project = await tx.project.create({
    data: {
      name: input.name,
      platform: input.platform,
      currency: input.currency,
      timeZone: input.timeZone,
      launchedAt: input.launchedAt,
      endedAt: input.endedAt,
      memberships: { create: { userId: ownerId, role: "OWNER" } },
    },
    select: { id: true },
  });
  return project;
}
