import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { isUuid } from "@/lib/projects/is-uuid";
import { listSegmentDependents } from "./list-segment-dependents";

export type SegmentDetails = {
  id: string;
  name: string;
  description: string | null;
  kind: "FILTER" | "STATIC";
  systemKey: string | null;
  filter: unknown;
  /** Segments whose filters refer to this one. */
  usedBy: { id: string; name: string }[];
};

/** One segment of the project with what refers to it; NOT_FOUND for another project's or a bad id. */
export async function getSegmentDetailsOrThrow(db: Tx, projectId: string, segmentId: string): Promise<SegmentDetails> {
  const segment = isUuid(segmentId)
    ? await db.segment.findFirst({
        where: { id: segmentId, projectId },
        select: { id: true, name: true, description: true, kind: true, systemKey: true, filter: true },
      })
    : null;
  if (!segment) throw new DomainError("NOT_FOUND", "Segment not found");
  return { ...segment, usedBy: await listSegmentDependents(db, projectId, segment.id) };
}
