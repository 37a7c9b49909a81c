import "server-only";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { DomainError, isUniqueViolation } from "@/lib/errors";
import { assertNoSegmentCycleOrThrow, lockProjectSegments } from "./assert-no-segment-cycle";
import { parseSegmentDetailsOrThrow, segmentNameConflict, type SavedSegment } from "./save-segment";
import { SegmentFilterSchema } from "./segment-filter-schema";
import { validateSegmentFilterOrThrow } from "./validate-segment-filter";
import { writeSegmentDependencies } from "./write-segment-dependencies";

export type UpdateSegmentInput = {
  name?: string;
  description?: string | null;
  /** A new filter (FILTER segments only). */
  filter?: unknown;
};

/**
 * Renames, re-describes or re-filters a segment of the project. A new filter is validated like in
 * saveSegment and may not make segments refer to each other in a cycle (INVALID_INPUT naming them).
 * NOT_FOUND when the segment is not the project's. Run it inside `runInTransaction` (lib/db).
 */
export async function updateSegment(
  tx: Tx,
  projectId: string,
  segmentId: string,
  input: UpdateSegmentInput,
): Promise<SavedSegment> {
  await lockProjectSegments(tx, projectId);
  const current = await tx.segment.findFirst({
    where: { id: segmentId, projectId },
    select: { id: true, name: true, description: true, kind: true, filter: true, systemKey: true },
  });
  if (!current) throw new DomainError("NOT_FOUND", "Segment not found");
  const details = parseSegmentDetailsOrThrow({
    name: input.name ?? current.name,
    description: input.description === undefined ? current.description : input.description,
  });

  let filter = current.kind === "FILTER" ? (SegmentFilterSchema.safeParse(current.filter).data ?? null) : null;
  if (input.filter !== undefined) {
    if (current.kind === "STATIC") {
      throw new DomainError("INVALID_INPUT", "A static segment is a list of backers and has no filter", {
        filter: ["A static segment has no filter"],
      });
    }
    const validated = await validateSegmentFilterOrThrow(tx, projectId, input.filter);
    await assertNoSegmentCycleOrThrow(tx, projectId, segmentId, validated.dependsOnIds);
    filter = validated.filter;
    await writeSegmentDependencies(tx, segmentId, validated.dependsOnIds);
  }

  try {
    const updated = await tx.segment.update({
      where: { id: segmentId },
      data: {
        name: details.name,
        description: details.description,
        ...(input.filter !== undefined ? { filter: filter as Prisma.InputJsonValue } : {}),
      },
      select: { id: true, name: true, description: true, kind: true, systemKey: true },
    });
    return { ...updated, filter };
  } catch (error) {
    if (isUniqueViolation(error)) throw segmentNameConflict(details.name);
    throw error;
  }
}
