import "server-only";
import type { PrismaClient, ProjectCreationPolicy } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db/client";

export type InstanceSettings = { projectCreation: ProjectCreationPolicy; creatorAllowlist: string[] };

/** What a new instance starts with: only instance admins and the addresses they invite create projects. */
export const DEFAULT_INSTANCE_SETTINGS: InstanceSettings = { projectCreation: "INVITED", creatorAllowlist: [] };

/** The instance's settings (its one row), or the defaults while nobody has saved any. */
export async function getInstanceSettings(db: Tx | PrismaClient): Promise<InstanceSettings> {
  const row = await db.instanceSetting.findUnique({ where: { id: 1 }, select: { projectCreation: true, creatorAllowlist: true } });
  return row ?? DEFAULT_INSTANCE_SETTINGS;
}
