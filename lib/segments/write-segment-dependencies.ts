import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

/** Replaces the recorded dependencies of a segment with the segments its filter refers to directly. */
export async function writeSegmentDependencies(tx: Tx, segmentId: string, dependsOnIds: readonly string[]) {
  await tx.$executeRaw(Prisma.sql`DELETE FROM segment_dependency WHERE segment_id = ${segmentId}::uuid`);
  if (dependsOnIds.length === 0) return;
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO segment_dependency (segment_id, depends_on_id)
    SELECT ${segmentId}::uuid, d FROM unnest(${[...dependsOnIds]}::uuid[]) AS d
    ON CONFLICT DO NOTHING`);
}
