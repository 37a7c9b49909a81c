import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import type { PlannedBackerChange } from "./match-tracking-rows";

type DetailsRow = { pledgeIds: string | null; names: string | null; shipmentIds: string | null; versions: string | null };

/**
 * Completes one round of changes planned against backers loaded without their pledge ids, names
 * and shipment ids (see MatchTrackingOptions.detailsLater): one statement looks them up by email
 * for the round, in the applying transaction. A quarter of a million backers' UUIDs and names are
 * then never held at once, only a round's. The backers' current shipments must still be the ones
 * the plan was made from (same version, the plan's fingerprint stands on it), or the apply
 * refuses as CONFLICT and its transaction rolls back.
 */
export async function completeTrackingChanges(tx: Tx, projectId: string, changes: readonly PlannedBackerChange[]): Promise<void> {
  const pending = changes.filter((change) => change.pending !== undefined);
  if (pending.length === 0) return;
  // Shipments are aggregated as loadTrackingBackers aggregates them, so ids and version line up with the plan's.
  const [row] = await tx.$queryRaw<DetailsRow[]>`
    SELECT json_agg(p.id ORDER BY e.at)::text AS "pledgeIds",
           json_agg(b.name ORDER BY e.at)::text AS "names",
           json_agg(s.ids ORDER BY e.at)::text AS "shipmentIds",
           json_agg(coalesce(s.version, 0) ORDER BY e.at)::text AS "versions"
      FROM jsonb_array_elements_text(${JSON.stringify(pending.map((change) => change.email))}::jsonb) WITH ORDINALITY AS e(email, at)
      LEFT JOIN backer b ON b.project_id = ${projectId}::uuid AND b.email = e.email
      LEFT JOIN pledge p ON p.backer_id = b.id
      LEFT JOIN LATERAL (
        SELECT array_agg(sh.id::text ORDER BY sh.shipped_at, sh.id) AS ids,
               hashtext(string_agg(sh.id::text, ',' ORDER BY sh.shipped_at, sh.id)) & 1073741823 AS version
          FROM shipment sh
         WHERE sh.pledge_id = p.id AND sh.project_id = ${projectId}::uuid AND sh.superseded_at IS NULL
      ) s ON true`;
  const pledgeIds = JSON.parse(row.pledgeIds ?? "[]") as (string | null)[];
  const names = JSON.parse(row.names ?? "[]") as (string | null)[];
  const shipmentIds = JSON.parse(row.shipmentIds ?? "[]") as (string[] | null)[];
  const versions = JSON.parse(row.versions ?? "[]") as number[];
  pending.forEach((change, at) => {
    const details = change.pending!;
    const pledgeId = pledgeIds[at];
    const ids = shipmentIds[at] ?? [];
    if (!pledgeId || versions[at] !== details.shipmentVersion || ids.length !== details.shipmentCount) {
      throw new DomainError(
        "CONFLICT",
        `The backer ${change.email} or their tracking numbers changed while this upload was being applied. Nothing was changed; upload the file again to see the updated preview.`,
      );
    }
    change.pledgeId = pledgeId;
    change.name = names[at] ?? "";
    change.supersede = details.supersedeAt.map((position) => ids[position]);
    delete change.pending;
  });
}
