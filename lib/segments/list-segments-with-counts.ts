import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";
import { segmentMembershipSql } from "./segment-membership-sql";
import { withSegmentQuerySettings } from "./with-segment-query-settings";

export type SegmentSummary = {
  id: string;
  name: string;
  description: string | null;
  kind: "FILTER" | "STATIC";
  systemKey: string | null;
  updatedAt: Date;
  /** Backers in the segment now; null when its filter can no longer be evaluated. */
  count: number | null;
  /** Why the count is missing (e.g. it refers to something deleted). */
  problem: string | null;
  /** Segments whose filters refer to this one. */
  usedBy: { id: string; name: string }[];
};

/** The project's segments by name, each with its current number of backers (the segments page). */
export async function listSegmentsWithCounts(db: Tx, projectId: string): Promise<SegmentSummary[]> {
  const segments = await db.segment.findMany({
    where: { projectId },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      kind: true,
      systemKey: true,
      updatedAt: true,
      dependents: { select: { segment: { select: { id: true, name: true } } } },
    },
  });
  const result: SegmentSummary[] = [];
  for (const s of segments) {
    let count: number | null = null;
    let problem: string | null = null;
    try {
      count = await withSegmentQuerySettings(db, async (tx) => {
        const members = await segmentMembershipSql(tx, projectId, s.id);
        const rows = await tx.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS n FROM (${members}) m`);
        return rows[0].n;
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problem = error.message;
    }
    result.push({
      id: s.id,
      name: s.name,
      description: s.description,
      kind: s.kind,
      systemKey: s.systemKey,
      updatedAt: s.updatedAt,
      count,
      problem,
      usedBy: s.dependents.map((d) => d.segment).sort((a, b) => a.name.localeCompare(b.name)),
    });
  }
  return result;
}
