import "server-only";
import type { Tx } from "@/lib/db/client";

/** The segments whose filters refer to this one ("used by"), by name. */
export async function listSegmentDependents(
  db: Tx,
  projectId: string,
  segmentId: string,
): Promise<{ id: string; name: string }[]> {
  return db.segment.findMany({
    where: { projectId, dependencies: { some: { dependsOnId: segmentId } } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}
