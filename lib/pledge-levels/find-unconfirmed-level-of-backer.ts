import "server-only";
import type { Tx } from "@/lib/db/client";

/** The name of the backer's pledge level when its kind is not confirmed yet; null otherwise. */
export async function findUnconfirmedLevelOfBacker(db: Tx, projectId: string, backerId: string): Promise<string | null> {
  const pledge = await db.pledge.findFirst({
    where: { projectId, backerId, pledgeLevel: { kindConfirmed: false } },
    select: { pledgeLevel: { select: { name: true } } },
  });
  return pledge?.pledgeLevel?.name ?? null;
}
