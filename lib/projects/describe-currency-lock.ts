import "server-only";
import type { Tx } from "@/lib/db/client";

/**
 * Why the project's currency can no longer change (it holds pledges, prices or incentives in it),
 * or null while it can.
 */
export async function describeCurrencyLock(db: Tx, projectId: string, currency: string): Promise<string | null> {
  const [held] = await db.$queryRawUnsafe<{ holds: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM pledge WHERE project_id = $1::uuid)
         OR EXISTS (SELECT 1 FROM pledge_level WHERE project_id = $1::uuid AND price <> 0)
         OR EXISTS (SELECT 1 FROM incentive WHERE project_id = $1::uuid) AS holds`,
    projectId,
  );
  return held.holds
    ? `Stays ${currency}: the project already holds pledges, prices or incentives in it, and changing the currency would change what every amount means.`
    : null;
}
