import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db/client";

/**
 * Whether a user administers the instance: flagged as an admin, or the instance's first account
 * (whoever set it up), so a fresh instance has an admin without any configuration.
 */
export async function isInstanceAdmin(db: Tx | PrismaClient, userId: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ admin: boolean }[]>`
    SELECT u.is_instance_admin
        OR u.id = (SELECT first.id FROM "user" first ORDER BY first.created_at, first.id LIMIT 1) AS admin
      FROM "user" u WHERE u.id = ${userId}`;
  return rows[0]?.admin ?? false;
}
