import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { InstanceSettingsSchema, type InstanceSettingsInput } from "./instance-settings-schema";
import { isInstanceAdmin } from "./is-instance-admin";

/** Saves who may create projects (an instance admin only; anyone else gets FORBIDDEN). */
export async function updateInstanceSettingsOrThrow(tx: Tx, actorId: string, input: InstanceSettingsInput): Promise<void> {
  if (!(await isInstanceAdmin(tx, actorId))) throw new DomainError("FORBIDDEN", "Only an administrator of this instance can change who may create projects.");
  const { projectCreation, creatorAllowlist } = InstanceSettingsSchema.parse(input);
  const list = [...new Set(creatorAllowlist)];
  await tx.instanceSetting.upsert({
    where: { id: 1 },
    create: { id: 1, projectCreation, creatorAllowlist: list },
    update: { projectCreation, creatorAllowlist: list },
  });
}
