import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { EmailAllowanceSchema } from "./instance-settings-schema";
import { isInstanceAdmin } from "./is-instance-admin";

/**
 * Sets how many emails a project may queue in 24 hours (null: no limit). Instance admins only:
 * a project's own creators cannot raise it, which is the point of having one.
 */
export async function setProjectEmailAllowanceOrThrow(tx: Tx, actorId: string, projectId: string, allowance: number | null): Promise<void> {
  if (!(await isInstanceAdmin(tx, actorId))) throw new DomainError("FORBIDDEN", "Only an administrator of this instance can change a project's sending allowance.");
  const value = EmailAllowanceSchema.parse(allowance);
  const updated = await tx.project.updateMany({ where: { id: projectId }, data: { dailyEmailAllowance: value } });
  if (updated.count === 0) throw new DomainError("NOT_FOUND", "No such project.");
}
