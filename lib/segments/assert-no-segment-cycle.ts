import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";
import { findSegmentCycle } from "./find-segment-cycle";
import { lockForTransaction } from "@/lib/db/lock-for-transaction";

/**
 * Refuses to let `segmentId` depend on `dependsOnIds` when that would close a cycle through the
 * project's recorded segment dependencies. Throws DomainError INVALID_INPUT naming the segments in the
 * cycle. Call it in the transaction that then rewrites the dependencies (under the project's segment lock).
 */
export async function assertNoSegmentCycleOrThrow(
  tx: Tx,
  projectId: string,
  segmentId: string,
  dependsOnIds: readonly string[],
): Promise<void> {
  const edges = await tx.$queryRaw<{ segment_id: string; depends_on_id: string }[]>(Prisma.sql`
    SELECT sd.segment_id::text, sd.depends_on_id::text
    FROM segment_dependency sd JOIN segment s ON s.id = sd.segment_id
    WHERE s.project_id = ${projectId}::uuid`);
  const graph = new Map<string, string[]>();
  for (const e of edges) {
    if (e.segment_id === segmentId) continue;
    graph.set(e.segment_id, [...(graph.get(e.segment_id) ?? []), e.depends_on_id]);
  }
  graph.set(segmentId, [...dependsOnIds]);
  const cycle = findSegmentCycle(graph, segmentId);
  if (!cycle) return;
  const segments = await tx.segment.findMany({
    where: { id: { in: cycle }, projectId },
    select: { id: true, name: true },
  });
  const names = cycle.map((id) => `“${segments.find((s) => s.id === id)?.name ?? id}”`);
  const message =
    cycle.length === 2
      ? `A segment cannot include itself: ${names[0]} refers to ${names[0]}`
      : `Segments cannot refer to each other in a cycle: ${names.join(" → ")}. A segment cannot include itself, directly or through other segments.`;
  throw new DomainError("INVALID_INPUT", message, { filter: [message] });
}

/** Serialises segment writes of one project, so two concurrent edits cannot together form a cycle. */
export async function lockProjectSegments(tx: Tx, projectId: string): Promise<void> {
  await lockForTransaction(tx, "segments", projectId);
}
