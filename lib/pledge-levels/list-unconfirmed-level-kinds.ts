import "server-only";
import type { Tx } from "@/lib/db/client";

/**
 * Names of the project's pledge levels whose kind nobody has confirmed (imports only suggest it),
 * for the pages whose answers rely on kinds: segments, incentives, tracking.
 */
export async function listUnconfirmedLevelKinds(db: Tx, projectId: string): Promise<string[]> {
  const levels = await db.pledgeLevel.findMany({
    where: { projectId, kindConfirmed: false },
    select: { name: true },
    orderBy: [{ position: "asc" }, { name: "asc" }],
  });
  return levels.map((level) => level.name);
}
