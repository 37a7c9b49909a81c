import "server-only";
import type { Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { queueEmails, type QueueEmailsRow } from "@/lib/mail/queue-emails";
import type { PlannedBackerChange } from "./match-tracking-rows";

export type WriteTrackingChangesInput = {
  projectId: string;
  projectName: string;
  actorId: string | null;
  changes: readonly PlannedBackerChange[];
  now?: Date;
  /** Called between the steps of a large write, for a progress bar. */
  onProgress?: (step: "shipments" | "emails", done: number, total: number) => void;
};

export type WriteTrackingChangesResult = {
  shipmentsAdded: number;
  shipmentsSuperseded: number;
  emailsQueued: number;
  /** The new shipments' ids by pledge, in the order of each change's packages. */
  shipmentIds: Map<string, string[]>;
};

const shipDate = (date: Date) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(date);

/** The Backing details tab of a pledge, as linked from emails. */
export function backingDetailsUrl(pledgeId: string): string {
  return `${env.APP_URL.replace(/\/$/, "")}/pledges/${pledgeId}/backing-details`;
}

/**
 * Writes planned tracking changes inside the caller's transaction, set-based: one UPDATE marks the
 * replaced shipments superseded (kept as the creator's history), one INSERT … FROM unnest adds
 * every new package, and queueEmails writes one "tracking-shipped" email per backer, keyed by the
 * backer's first new shipment (`tracking:<shipmentId>`), so a retried transaction or a re-upload
 * never queues a second message for the same change.
 */
export async function writeTrackingChanges(tx: Tx, input: WriteTrackingChangesInput): Promise<WriteTrackingChangesResult> {
  const { projectId, changes, actorId } = input;
  const now = input.now ?? new Date();
  const supersede = changes.flatMap((change) => change.supersede);
  const pledgeIds: string[] = [];
  const numbers: string[] = [];
  const carriers: (string | null)[] = [];
  const urls: (string | null)[] = [];
  for (const change of changes) {
    for (const pkg of change.add) {
      pledgeIds.push(change.pledgeId);
      numbers.push(pkg.trackingNumber);
      carriers.push(pkg.carrier);
      urls.push(pkg.trackingUrl);
    }
  }
  input.onProgress?.("shipments", 0, pledgeIds.length);

  const shipmentsSuperseded =
    supersede.length === 0
      ? 0
      : await tx.$executeRaw`
          UPDATE shipment SET superseded_at = ${now}
           WHERE id = ANY(${supersede}::uuid[]) AND project_id = ${projectId}::uuid AND superseded_at IS NULL`;
  const inserted =
    pledgeIds.length === 0
      ? []
      : await tx.$queryRaw<{ id: string; pledge_id: string }[]>`
          INSERT INTO shipment (project_id, pledge_id, tracking_number, carrier, tracking_url, shipped_at, notified_at, created_by_id, created_at)
          SELECT ${projectId}::uuid, r.pledge_id, r.tracking_number, r.carrier, r.tracking_url, ${now}, ${now}, ${actorId}, ${now}
            FROM unnest(${pledgeIds}::uuid[], ${numbers}::text[], ${carriers}::text[], ${urls}::text[])
                 WITH ORDINALITY AS r(pledge_id, tracking_number, carrier, tracking_url, ord)
           ORDER BY r.ord
          RETURNING id::text AS id, pledge_id::text AS pledge_id`;
  input.onProgress?.("shipments", pledgeIds.length, pledgeIds.length);

  // Per pledge, RETURNING follows the ORDER BY of the insert, so ids[0] is the change's first package.
  const idsByPledge = new Map<string, string[]>();
  for (const row of inserted) {
    const list = idsByPledge.get(row.pledge_id);
    if (list) list.push(row.id);
    else idsByPledge.set(row.pledge_id, [row.id]);
  }

  const shippedOn = shipDate(now);
  const rows: QueueEmailsRow<"tracking-shipped">[] = [];
  for (const change of changes) {
    const ids = idsByPledge.get(change.pledgeId);
    if (!ids || change.add.length === 0) continue;
    const [first, ...others] = change.add;
    rows.push({
      to: change.email,
      idempotencyKey: `tracking:${ids[0]}`,
      projectId,
      props: {
        projectName: input.projectName,
        backerName: change.name,
        trackingNumber: first.trackingNumber,
        carrier: first.carrier ?? "",
        trackingUrl: first.trackingUrl ?? "",
        pledgeUrl: backingDetailsUrl(change.pledgeId),
        shippedOn,
        otherPackages:
          others.length === 0
            ? ""
            : `Your reward ships in ${others.length + 1} packages. The others: ${others
                .map((pkg) => (pkg.carrier ? `${pkg.trackingNumber} (${pkg.carrier})` : pkg.trackingNumber))
                .join(", ")}. All of them are on your pledge summary.`,
      },
    });
  }
  input.onProgress?.("emails", 0, rows.length);
  const { created } = rows.length === 0 ? { created: 0 } : await queueEmails(tx, "tracking-shipped", rows);
  input.onProgress?.("emails", rows.length, rows.length);

  return { shipmentsAdded: inserted.length, shipmentsSuperseded, emailsQueued: created, shipmentIds: idsByPledge };
}
