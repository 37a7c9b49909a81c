import "server-only";
import type { Tx } from "@/lib/db/client";
import type { CreateProjectInput } from "./create-project-schema";

/** Creates a project with `ownerId` as its OWNER; returns the new project's id. */
export async function createProject(tx: Tx, ownerId: string, input: CreateProjectInput): Promise<{ id: string }> {
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
