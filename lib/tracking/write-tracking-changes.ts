import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { createStatementSequence, type StatementSequence } from "@/lib/db/create-statement-sequence";
import { env } from "@/lib/env";
import { queueEmails, type QueueEmailsRow } from "@/lib/mail/queue-emails";
import { formatInZone } from "@/lib/projects/zoned-time";
import type { PlannedBackerChange } from "./match-tracking-rows";

export type WriteTrackingChangesInput = {
  projectId: string;
  projectName: string;
  /** The project's zone: the emails' ship date is the day on its calendar. Default UTC. */
  projectTimeZone?: string;
  actorId: string | null;
  changes: readonly PlannedBackerChange[];
  now?: Date;
  /** Changes written per round (default 25,000; tests use a few to cross rounds with few rows). */
  sliceSize?: number;
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

/** The Backing details tab of a pledge, as linked from emails. */
export function backingDetailsUrl(pledgeId: string): string {
  return `${env.APP_URL.replace(/\/$/, "")}/pledges/${pledgeId}/backing-details`;
}

/** Changes written per round: bounds the shipment rows, their JSON and the emails held at once. */
const SLICE_CHANGES = 25_000;

/**
 * Writes planned tracking changes inside the caller's transaction, set-based: one UPDATE marks the
 * replaced shipments superseded (kept as the creator's history), one INSERT … SELECT adds
 * every new package, and queueEmails writes one "tracking-shipped" email per backer, keyed by the
 * backer's first new shipment (`tracking:<shipmentId>`), so a retried transaction or a re-upload
 * never queues a second message for the same change. A quarter of a million changes are written
 * 25,000 at a time (the statements' inputs and the emails of all of them at once took over a
 * gigabyte); it is still one transaction, so all of them are written or none.
 */
export async function writeTrackingChanges(
  tx: Tx,
  input: WriteTrackingChangesInput,
): Promise<WriteTrackingChangesResult> {
  const { changes } = input;
  const now = input.now ?? new Date();
  const result: WriteTrackingChangesResult = {
    shipmentsAdded: 0,
    shipmentsSuperseded: 0,
    emailsQueued: 0,
    shipmentIds: new Map(),
  };
  // The statements unpack tens of thousands of JSON rows each; with the default 4 MB of working
  // memory Postgres spills them to temporary files first.
  if (changes.length > 10_000) await tx.$executeRawUnsafe("SET LOCAL work_mem = '128MB'");
  const sliceSize = input.sliceSize ?? SLICE_CHANGES;
  // Rounds overlap: the next round is prepared (its rows, ids and emails built in this process)
  // while Postgres still writes the previous one, instead of the connection idling while this
  // process builds them. The statements still run one at a time, in the order they were handed to the
  // sequence, inside the one transaction; at most two rounds are held at once, bounding the memory.
  const sequence = createStatementSequence();
  const inFlight: Promise<Settled<SliceWritten>>[] = [];
  const collect = async () => {
    const written = await inFlight.shift()!;
    if (!written.ok) {
      // The transaction is aborted: let the other round finish failing before the caller rolls back.
      await Promise.all(inFlight.splice(0));
      throw written.error;
    }
    result.shipmentsAdded += written.value.shipmentsAdded;
    result.shipmentsSuperseded += written.value.shipmentsSuperseded;
    result.emailsQueued += written.value.emailsQueued;
  };
  for (let start = 0; start < changes.length; start += sliceSize) {
    input.onProgress?.("shipments", start, changes.length);
    inFlight.push(
      settle(writeSlice(tx, input, changes.slice(start, start + sliceSize), now, result.shipmentIds, sequence)),
    );
    if (inFlight.length >= ROUNDS_IN_FLIGHT) await collect();
  }
  while (inFlight.length > 0) await collect();
  input.onProgress?.("emails", changes.length, changes.length);
  return result;
}

type SliceWritten = Omit<WriteTrackingChangesResult, "shipmentIds">;

/** Rounds prepared or being written at once. */
const ROUNDS_IN_FLIGHT = 2;

/** writeTrackingChanges for one slice of the changes; new shipment ids are added to `idsByPledge`. */
async function writeSlice(
  tx: Tx,
  input: WriteTrackingChangesInput,
  changes: readonly PlannedBackerChange[],
  now: Date,
  idsByPledge: Map<string, string[]>,
  sequence: StatementSequence,
): Promise<SliceWritten> {
  const { projectId, actorId } = input;
  const supersede = changes.flatMap((change) => change.supersede);
  // Ids are made here rather than returned by the INSERT: the emails' idempotency keys need them,
  // and reading 250,000 rows back costs more than making 250,000 UUIDs.
  const rows: [string, string, string, string | null, string | null][] = [];
  for (const change of changes) {
    const ids: string[] = [];
    for (const pkg of change.add) {
      const id = randomUUID();
      ids.push(id);
      rows.push([id, change.pledgeId, pkg.trackingNumber, pkg.carrier, pkg.trackingUrl]);
    }
    if (ids.length > 0) idsByPledge.set(change.pledgeId, ids);
  }

  // One text parameter each instead of parameter arrays: the driver converts a 250,000-element
  // array several times slower than Postgres parses the same values from one string.
  // Both statements are handed to the sequence without waiting for them: Postgres runs them while
  // this process prepares the emails, so the database and Node work at the same time instead of
  // taking turns. Their outcome is collected below; after a failure the sequence sends nothing
  // more, and the transaction rolls back.
  const supersedeIds = supersede.join(",");
  const superseding = settle(
    supersede.length === 0
      ? 0
      : sequence(
          () => tx.$executeRaw`
            UPDATE shipment SET superseded_at = ${now}
             WHERE id = ANY(string_to_array(${supersedeIds}, ',')::uuid[])
               AND project_id = ${projectId}::uuid AND superseded_at IS NULL`,
        ),
  );
  const rowsJson = rows.length === 0 ? null : JSON.stringify(rows);
  rows.length = 0;
  const adding = settle(
    rowsJson === null
      ? 0
      : sequence(
          () => tx.$executeRaw`
            INSERT INTO shipment (id, project_id, pledge_id, tracking_number, carrier, tracking_url, shipped_at, notified_at, created_by_id, created_at)
            SELECT (r->>0)::uuid, ${projectId}::uuid, (r->>1)::uuid, r->>2, r->>3, r->>4, ${now}, ${now}, ${actorId}, ${now}
              FROM jsonb_array_elements(${rowsJson}::jsonb) AS r`,
        ),
  );

  // The month by name ("Mar 15, 2026") never reads as another day-month order.
  const shippedOn = formatInZone(now, input.projectTimeZone ?? "UTC", "date");
  const emails: QueueEmailsRow<"tracking-shipped">[] = [];
  for (const change of changes) {
    const ids = idsByPledge.get(change.pledgeId);
    if (!ids || change.add.length === 0) continue;
    const [first, ...others] = change.add;
    emails.push({
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
  // The keys name shipments minted above, so they are new by construction.
  const queued = await settle(
    emails.length === 0 ? { created: 0 } : queueEmails(tx, "tracking-shipped", emails, { freshKeys: true, sequence }),
  );
  const superseded = await superseding;
  const added = await adding;
  // The shipments' own error explains a failure better than the aborted transaction it left the emails.
  if (!superseded.ok) throw superseded.error;
  if (!added.ok) throw added.error;
  if (!queued.ok) throw queued.error;
  return { shipmentsAdded: added.value, shipmentsSuperseded: superseded.value, emailsQueued: queued.value.created };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Starts a query (Prisma's are lazy) and records its outcome, so a failure is never an unhandled rejection while it waits. */
function settle<T>(query: T | PromiseLike<T>): Promise<Settled<T>> {
  return Promise.resolve(query).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}
