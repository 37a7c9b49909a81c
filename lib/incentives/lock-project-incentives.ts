import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

/**
 * Serialises incentive writes of one project (apply, undo), so two creators typing the same new
 * incentive name at once make one incentive, and an undo never races an apply of the same one.
 */
export async function lockProjectIncentives(tx: Tx, projectId: string): Promise<void> {
  await tx.$executeRaw(
    Prisma.sql`SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(${`incentives:${projectId}`}::text, 0))`,
  );
}
