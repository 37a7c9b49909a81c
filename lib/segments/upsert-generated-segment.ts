import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { saveSegment, type SavedSegment } from "./save-segment";
import type { SegmentFilter } from "./segment-filter-schema";
import { updateSegment } from "./update-segment";

/**
 * Creates a generated segment (found again by its system key), or refreshes its filter and
 * description when it exists; a creator's renaming is kept. CONFLICT, with what to do, when a
 * segment the creator made by hand already has the name. Run it inside `runInTransaction` (lib/db).
 */
export async function upsertGeneratedSegment(
  tx: Tx,
  projectId: string,
  input: { systemKey: string; name: string; description: string; filter: SegmentFilter; createdById?: string | null },
): Promise<{ segment: SavedSegment; created: boolean }> {
  const existing = await tx.segment.findFirst({
    where: { projectId, systemKey: input.systemKey },
    select: { id: true },
  });
  if (existing) {
    const segment = await updateSegment(tx, projectId, existing.id, {
      description: input.description,
      filter: input.filter,
    });
    return { segment, created: false };
  }
  const taken = await tx.segment.findFirst({ where: { projectId, name: input.name }, select: { id: true } });
  if (taken) {
    throw new DomainError(
      "CONFLICT",
      `A segment named “${input.name}” already exists and was made by hand; rename or delete it, then generate again`,
    );
  }
  const segment = await saveSegment(tx, projectId, {
    name: input.name,
    description: input.description,
    filter: input.filter,
    systemKey: input.systemKey,
    createdById: input.createdById ?? null,
  });
  return { segment, created: true };
}
