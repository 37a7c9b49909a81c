import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";
import { saveSegment, type SavedSegment } from "./save-segment";

/**
 * Copies a segment of the project: its filter (and so its dependencies) or, for a static segment, its
 * members. Without a name the copy is called “<name> (copy)”, “<name> (copy 2)”, … whichever is free.
 * The copy is an ordinary segment even when the original was generated. Run it inside `runInTransaction` (lib/db).
 */
export async function duplicateSegment(
  tx: Tx,
  projectId: string,
  segmentId: string,
  options: { name?: string; createdById?: string | null } = {},
): Promise<SavedSegment> {
  const original = await tx.segment.findFirst({
    where: { id: segmentId, projectId },
    select: { id: true, name: true, description: true, kind: true, filter: true },
  });
  if (!original) throw new DomainError("NOT_FOUND", "Segment not found");
  let name = options.name;
  if (name === undefined) {
    const base = `${original.name.slice(0, 110)} (copy`;
    const taken = new Set(
      (await tx.segment.findMany({ where: { projectId, name: { startsWith: base } }, select: { name: true } })).map(
        (s) => s.name,
      ),
    );
    name = `${base})`;
    for (let n = 2; taken.has(name); n++) name = `${base} ${n})`;
  }
  const copy = await saveSegment(tx, projectId, {
    name,
    description: original.description,
    kind: original.kind,
    filter: original.kind === "FILTER" ? original.filter : undefined,
    createdById: options.createdById ?? null,
  });
  if (original.kind === "STATIC") {
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO segment_member (segment_id, backer_id)
      SELECT ${copy.id}::uuid, backer_id FROM segment_member WHERE segment_id = ${original.id}::uuid`);
  }
  return copy;
}
