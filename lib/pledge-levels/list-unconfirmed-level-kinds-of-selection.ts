import "server-only";
import { backerSelectionWhereSqlOrThrow, type BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { prisma, type Tx } from "@/lib/db/client";

/**
 * Names of the unconfirmed-kind pledge levels (see listUnconfirmedLevelKinds) that the selected
 * backers' pledges are on: the bulk tracking upload warns about those, as the single tracking page
 * warns about one backer's level.
 */
export async function listUnconfirmedLevelKindsOfSelection(projectId: string, selection: BackerSelection, db: Tx | typeof prisma = prisma): Promise<string[]> {
  const where = await backerSelectionWhereSqlOrThrow(projectId, selection, db);
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT l.name
      FROM pledge_level l
     WHERE l.project_id = ${projectId}::uuid
       AND NOT l.kind_confirmed
       AND EXISTS (SELECT 1 FROM backer b LEFT JOIN pledge p ON p.backer_id = b.id WHERE p.pledge_level_id = l.id AND ${where})
     ORDER BY l.position, l.name`;
  return rows.map((row) => row.name);
}
