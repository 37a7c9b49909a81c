import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";

async function staticSegmentOrThrow(tx: Tx, projectId: string, segmentId: string) {
  const segment = await tx.segment.findFirst({
    where: { id: segmentId, projectId },
    select: { kind: true, name: true },
  });
  if (!segment) throw new DomainError("NOT_FOUND", "Segment not found");
  if (segment.kind !== "STATIC") {
    throw new DomainError(
      "INVALID_INPUT",
      `“${segment.name}” is a filter segment: its backers are whoever matches its filter, so backers cannot be added by hand. Choose a static segment.`,
    );
  }
}

function uniqueIdsOrThrow(backerIds: readonly string[]): string[] {
  const ids = [...new Set(backerIds.map((id) => id.toLowerCase()))];
  if (ids.some((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))) {
    throw new DomainError("INVALID_INPUT", "Every selected backer must be given by its id");
  }
  return ids;
}

/**
 * Adds backers of the project to a static segment in one statement (the backer report's "add to a
 * segment"). Backers already in it are left as they are. NOT_FOUND when the segment or any backer is
 * not the project's, and then nothing is added. Returns how many were newly added.
 */
export async function addStaticSegmentMembers(
  tx: Tx,
  projectId: string,
  segmentId: string,
  backerIds: readonly string[],
): Promise<{ added: number }> {
  await staticSegmentOrThrow(tx, projectId, segmentId);
  const ids = uniqueIdsOrThrow(backerIds);
  if (ids.length === 0) return { added: 0 };
  const found = await tx.$queryRaw<{ n: number }[]>(Prisma.sql`
    SELECT count(*)::int AS n FROM backer WHERE project_id = ${projectId}::uuid AND id = ANY(${ids}::uuid[])`);
  if (found[0].n !== ids.length) {
    const missing = ids.length - found[0].n;
    throw new DomainError(
      "NOT_FOUND",
      `${missing} of the selected backers ${missing === 1 ? "is" : "are"} not in this project; nothing was added`,
    );
  }
  const added = await tx.$executeRaw(Prisma.sql`
    INSERT INTO segment_member (segment_id, backer_id)
    SELECT ${segmentId}::uuid, id FROM unnest(${ids}::uuid[]) AS id
    ON CONFLICT DO NOTHING`);
  return { added };
}

/** Removes backers from a static segment of the project; returns how many were removed. */
export async function removeStaticSegmentMembers(
  tx: Tx,
  projectId: string,
  segmentId: string,
  backerIds: readonly string[],
): Promise<{ removed: number }> {
  await staticSegmentOrThrow(tx, projectId, segmentId);
  const ids = uniqueIdsOrThrow(backerIds);
  if (ids.length === 0) return { removed: 0 };
  const removed = await tx.$executeRaw(Prisma.sql`
    DELETE FROM segment_member WHERE segment_id = ${segmentId}::uuid AND backer_id = ANY(${ids}::uuid[])`);
  return { removed };
}
