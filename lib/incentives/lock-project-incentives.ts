import "server-only";
import type { Tx } from "@/lib/db/client";
import { lockForTransaction } from "@/lib/db/lock-for-transaction";

/**
 * Serialises incentive writes of one project (apply, undo), so two creators typing the same new
 * incentive name at once make one incentive, and an undo never races an apply of the same one.
 */
export async function lockProjectIncentives(tx: Tx, projectId: string): Promise<void> {
  await lockForTransaction(tx, "incentives", projectId);
}
