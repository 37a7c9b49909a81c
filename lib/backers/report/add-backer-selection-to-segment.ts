import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";
import { resolveBackerSelectionSql, type BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { saveSegment } from "@/lib/segments/save-segment";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

/** An existing static segment of the project, or a new one created with this name. */
export type SegmentTarget = { kind: "existing"; segmentId: string } | { kind: "new"; name: string };

export type AddBackerSelectionToSegmentResult = {
  segment: { id: string; name: string };
  /** Backers newly added (those already in the segment are not counted). */
  added: number;
  /** Backers in the selection, already members or not. */
  selected: number;
  created: boolean;
};

async function staticSegmentOrThrow(tx: Tx, projectId: string, segmentId: string) {
  const segment = await tx.segment.findFirst({ where: { id: segmentId, projectId }, select: { id: true, name: true, kind: true } });
  if (!segment) {
    throw new DomainError("NOT_FOUND", "That segment does not exist in this project any more. Reload the page and choose another.");
  }
  if (segment.kind !== "STATIC") {
    throw new DomainError(
      "INVALID_INPUT",
      `“${segment.name}” is a filter segment: its backers are whoever matches its filter, so backers cannot be added by hand. Choose a static segment.`,
    );
  }
  return { id: segment.id, name: segment.name };
}

/**
 * The backer report's "Add to segment": adds the selected backers (ticked ids, or everything
 * matching the report's filter minus the unticked) to a static segment of the project, creating
 * the segment first when `target` is new. One INSERT … SELECT over the selection subquery, so
 * selecting 250,000 backers never moves their ids through the application; backers already in the
 * segment stay as they are. Writes an audit event. Run inside `runInTransaction` (lib/db): the selection
 * is resolved in the same transaction as the write, and a failure leaves no new segment behind.
 * Throws NOT_FOUND for a segment (or a filter's segment) not in the project, INVALID_INPUT for a
 * filter segment or an empty selection, CONFLICT for a new name already in use.
 */
export async function addBackerSelectionToSegment(
  tx: Tx,
  input: { projectId: string; target: SegmentTarget; selection: BackerSelection; actorId: string | null },
): Promise<AddBackerSelectionToSegmentResult> {
  const { projectId, target, selection, actorId } = input;
  const selected = await resolveBackerSelectionSql(projectId, selection, tx);

  const segment =
    target.kind === "existing"
      ? await staticSegmentOrThrow(tx, projectId, target.segmentId)
      : await saveSegment(tx, projectId, { name: target.name, kind: "STATIC", createdById: actorId });

  // `selected` joins pledge (LEFT JOIN): a backer appears once, since a backer has at most one pledge.
  const [counts] = await tx.$queryRaw<{ selected: number; added: number }[]>(Prisma.sql`
    WITH chosen AS (${selected}),
    inserted AS (
      INSERT INTO segment_member (segment_id, backer_id)
      SELECT ${segment.id}::uuid, chosen.id FROM chosen
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM chosen)::int AS selected, (SELECT count(*) FROM inserted)::int AS added`);

  if (counts.selected === 0) {
    throw new DomainError("INVALID_INPUT", "None of the selected backers are in this project any more. Reload the report and select again.");
  }
  await tx.segment.update({ where: { id: segment.id }, data: { updatedAt: new Date() } });
  await recordAuditEvent(tx, {
    projectId,
    actorId,
    action: "segment.add-backers",
    targetCount: counts.added,
    details: {
      segmentId: segment.id,
      segmentName: segment.name,
      createdSegment: target.kind === "new",
      selected: counts.selected,
      selection: selection.kind === "ids" ? { kind: "ids", count: selection.ids.length } : selection,
    },
  });
  return { segment: { id: segment.id, name: segment.name }, added: counts.added, selected: counts.selected, created: target.kind === "new" };
}
