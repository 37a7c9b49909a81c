import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

export type IncentiveSummary = {
  id: string;
  name: string;
  kind: "CREDIT" | "ITEM";
  creditAmount: number | null;
  itemName: string | null;
  itemOptionName: string | null;
  quantity: number;
  /** Pledges that have it now (0 once undone). */
  grantedCount: number;
  /** Segments it was applied to, in order, with how many each application granted. */
  applications: { appliedAt: string; segmentId: string; segmentName: string; granted: number }[];
  createdAt: Date;
  createdByName: string | null;
  undoneAt: Date | null;
  undoneByName: string | null;
};

/** The project's incentives, newest first, with how many pledges have each and where it was applied. */
export async function listIncentives(db: Tx, projectId: string): Promise<IncentiveSummary[]> {
  const rows = await db.$queryRaw<
    (Omit<IncentiveSummary, "applications"> & {
      snapshot: { applications?: IncentiveSummary["applications"] } | null;
    })[]
  >(Prisma.sql`
    SELECT i.id::text, i.name, i.kind::text AS kind, i.credit_amount AS "creditAmount", it.name AS "itemName",
           o.name AS "itemOptionName", i.quantity, i.segment_snapshot AS snapshot,
           (SELECT count(*)::int FROM incentive_grant g WHERE g.incentive_id = i.id AND g.undone_at IS NULL) AS "grantedCount",
           i.created_at AS "createdAt", cu.name AS "createdByName", i.undone_at AS "undoneAt", uu.name AS "undoneByName"
    FROM incentive i
    LEFT JOIN item it ON it.id = i.item_id
    LEFT JOIN item_option o ON o.id = i.item_option_id
    LEFT JOIN "user" cu ON cu.id = i.created_by_id
    LEFT JOIN "user" uu ON uu.id = i.undone_by_id
    WHERE i.project_id = ${projectId}::uuid
    ORDER BY i.created_at DESC, i.id`);
  return rows.map(({ snapshot, ...row }) => ({
    ...row,
    applications: (snapshot?.applications ?? []).map((a) => ({
      appliedAt: a.appliedAt,
      segmentId: a.segmentId,
      segmentName: a.segmentName,
      granted: a.granted,
    })),
  }));
}
