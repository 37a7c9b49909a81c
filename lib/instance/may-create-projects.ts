import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db/client";
import { getInstanceSettings } from "./get-instance-settings";
import { isInstanceAdmin } from "./is-instance-admin";

/**
 * Whether a user may create projects under the instance's policy: instance admins always; then
 * everyone, or those whose address (or, on an allowlist, its domain) is on the list.
 */
export async function mayCreateProjects(db: Tx | PrismaClient, user: { id: string; email: string }): Promise<boolean> {
  if (await isInstanceAdmin(db, user.id)) return true;
  const settings = await getInstanceSettings(db);
  const email = user.email.trim().toLowerCase();
  const listed = new Set(settings.creatorAllowlist.map((entry) => entry.trim().toLowerCase()));
  switch (settings.projectCreation) {
    case "EVERYONE":
      return true;
    case "ALLOWLIST":
      return listed.has(email) || listed.has(email.slice(email.lastIndexOf("@") + 1));
    case "INVITED":
      return listed.has(email);
  }
}
