import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { lockProjectSegments } from "./assert-no-segment-cycle";
import { listSegmentDependents } from "./list-segment-dependents";

/**
 * Deletes a segment of the project (its static members and recorded dependencies go with it;
 * incentives applied to it keep their snapshot). Refuses with CONFLICT while other segments refer to
 * it, naming them, so deleting never silently changes another segment. NOT_FOUND when it is not the
 * project's. Run it inside `runInTransaction` (lib/db).
 */
export async function deleteSegmentOrThrow(tx: Tx, projectId: string, segmentId: string): Promise<void> {
  await lockProjectSegments(tx, projectId);
  const segment = await tx.segment.findFirst({ where: { id: segmentId, projectId }, select: { id: true, name: true } });
  if (!segment) throw new DomainError("NOT_FOUND", "Segment not found");
  const dependents = await listSegmentDependents(tx, projectId, segmentId);
  if (dependents.length > 0) {
    const names = dependents.map((d) => `“${d.name}”`);
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
    throw new DomainError(
      "CONFLICT",
      `“${segment.name}” is used by ${list}; remove it from ${names.length === 1 ? "that segment" : "those segments"} first`,
    );
  }
  await tx.segment.delete({ where: { id: segmentId } });
}
