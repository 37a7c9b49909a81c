import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

/**
 * Serialises team changes of one project (the project row is locked until the transaction ends),
 * so two owners demoting each other at the same moment cannot leave the project without one.
 */
export async function lockProjectTeam(tx: Tx, projectId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM project WHERE id = ${projectId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new DomainError("NOT_FOUND", "This project does not exist, or you are not a member of it.");
}

/** How many owners the project has; call after lockProjectTeam. */
export async function countOwners(tx: Tx, projectId: string): Promise<number> {
  return tx.membership.count({ where: { projectId, role: "OWNER" } });
}
