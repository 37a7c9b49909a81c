import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { createStatementSequence, type StatementSequence } from "@/lib/db/create-statement-sequence";
import { forgetPrismaDebugHistory } from "@/lib/db/forget-prisma-debug-history";
import { setLocal } from "@/lib/db/set-local";
import { env } from "@/lib/env";
import { queueEmails, type QueueEmailsRow } from "@/lib/mail/queue-emails";
import { formatInZone } from "@/lib/projects/zoned-time";
import { describeOtherPackages } from "./describe-other-packages";
import type { PlannedBackerChange } from "./match-tracking-rows";

export type WriteTrackingChangesInput = {
  projectId: string;
  projectName: string;
  /** The project's zone: the emails' ship date is the day on its calendar. Default UTC. */
  projectTimeZone?: string;
  actorId: string | null;
  /** The changes, or rounds of them as a plan streams them (see streamTrackingUploadPlan), read once. */
  changes: readonly PlannedBackerChange[] | AsyncIterable<readonly PlannedBackerChange[]>;
  /** For streamed changes: about how many there are (an upper bound does), to size the statements and the progress. */
  expectedChanges?: number;
  now?: Date;
  /** Changes written per round (default SLICE_CHANGES; tests use a few to cross rounds with few rows). */
  sliceSize?: number;
  /** Return the new shipments' ids (default true); a bulk apply that does not need them skips the map. */
  keepShipmentIds?: boolean;
  /** Called between the steps of a large write, for a progress bar. */
  onProgress?: (step: "shipments" | "emails", done: number, total: number) => void;
};

export type WriteTrackingChangesResult = {
  /** Changes written (backers whose packages changed). */
  changes: number;
  shipmentsAdded: number;
  shipmentsSuperseded: number;
  emailsQueued: number;
  /** The new shipments' ids by pledge, in the order of each change's packages (empty with `keepShipmentIds: false`). */
  shipmentIds: Map<string, string[]>;
};

/** The Backing details tab of a pledge, as linked from emails. */
export function backingDetailsUrl(pledgeId: string): string {
  return `${env.APP_URL.replace(/\/$/, "")}/pledges/${pledgeId}/backing-details`;
}

/**
 * Changes written per round: each round's statements stay near BULK_STATEMENT_BYTES (a change is
 * about 200 bytes of shipment rows and ids), and its emails are a round of the outbox's stream.
 */
const SLICE_CHANGES = 5_000;

/** Rounds whose shipment statements may wait in the sequence at once. */
const ROUNDS_IN_FLIGHT = 2;

/** The size from which queueEmails puts values shared by every row into the template. */
const CONSTANT_PROPS_MIN_ROWS = 500;

/**
 * Writes planned tracking changes inside the caller's transaction, set-based: per round, one
 * UPDATE marks the replaced shipments superseded (kept as the creator's history) and one
 * INSERT … SELECT adds every new package; queueEmails writes one "tracking-shipped" email per
 * backer, keyed by the backer's first new shipment (`tracking:<shipmentId>`), so a retried
 * transaction or a re-upload never queues a second message for the same change. A quarter of a
 * million changes are written in rounds of a few thousand, each round's emails streamed to one
 * queueEmails call, so the process holds a few rounds' rows, ids and emails, never all of them;
 * it is still one transaction, so all of them are written or none.
 */
export async function writeTrackingChanges(
  tx: Tx,
  input: WriteTrackingChangesInput,
): Promise<WriteTrackingChangesResult> {
  const { changes, projectId } = input;
  const now = input.now ?? new Date();
  const keepIds = input.keepShipmentIds ?? true;
  const total = isArray(changes) ? changes.length : (input.expectedChanges ?? 0);
  const result: WriteTrackingChangesResult = {
    changes: 0,
    shipmentsAdded: 0,
    shipmentsSuperseded: 0,
    emailsQueued: 0,
    shipmentIds: new Map(),
  };
  // The statements unpack thousands of JSON rows each; with the default 4 MB of working memory
  // Postgres may spill them to temporary files first.
  if (total > 10_000) await setLocal(tx, { work_mem: "128MB" });
  const sliceSize = input.sliceSize ?? SLICE_CHANGES;
  // One sequence for the shipments' statements and the outbox's inserts: Postgres writes a round
  // while this process prepares the next (its rows, ids and emails), yet the statements run one at
  // a time, in the order they were handed over, inside the one transaction. A round's shipments
  // are handed over before its emails, whose keys name them.
  const sequence = createStatementSequence();
  const pending: Promise<Settled<SliceWritten>>[] = [];
  let failure: { error: unknown } | null = null;
  const collect = async () => {
    const written = await pending.shift()!;
    if (!written.ok) {
      failure ??= { error: written.error };
      return;
    }
    result.shipmentsAdded += written.value.shipmentsAdded;
    result.shipmentsSuperseded += written.value.shipmentsSuperseded;
  };
  // The month by name ("Mar 15, 2026") never reads as another day-month order.
  const shippedOn = formatInZone(now, input.projectTimeZone ?? "UTC", "date");
  // A streamed plan's rounds are cut to sliceSize too, so a round's statements keep their size.
  async function* slices(): AsyncGenerator<readonly PlannedBackerChange[]> {
    if (isArray(changes)) {
      for (let start = 0; start < changes.length; start += sliceSize) yield changes.slice(start, start + sliceSize);
      return;
    }
    for await (const round of changes) {
      for (let start = 0; start < round.length; start += sliceSize) yield round.length <= sliceSize ? round : round.slice(start, start + sliceSize);
    }
  }
  async function* emailRounds(): AsyncGenerator<QueueEmailsRow<"tracking-shipped">[]> {
    for await (const slice of slices()) {
      // The statements of the rounds before are written or on their way: Prisma need not keep their megabytes.
      forgetPrismaDebugHistory();
      input.onProgress?.("shipments", result.changes, Math.max(total, result.changes));
      result.changes += slice.length;
      const ids = mintShipmentIds(slice);
      if (keepIds) for (const [pledgeId, pledgeIds] of ids) result.shipmentIds.set(pledgeId, pledgeIds);
      pending.push(settle(writeShipments(tx, projectId, input.actorId, slice, ids, now, sequence)));
      while (pending.length > ROUNDS_IN_FLIGHT) await collect();
      // After a failure the transaction is aborted: stop preparing rounds nobody will write.
      if (failure) return;
      yield trackingEmails(slice, ids, projectId, input.projectName, shippedOn);
    }
  }
  const queued = await settle(
    queueEmails(tx, "tracking-shipped", emailRounds(), {
      // The keys name shipments minted above, so they are new by construction.
      freshKeys: true,
      sequence,
      constantProps: total >= CONSTANT_PROPS_MIN_ROWS ? ["projectName", "shippedOn"] : [],
    }),
  );
  while (pending.length > 0) await collect();
  // The shipments' own error explains a failure better than the aborted transaction it left the emails.
  if (failure) throw (failure as { error: unknown }).error;
  if (!queued.ok) throw queued.error;
  result.emailsQueued = queued.value.created;
  input.onProgress?.("emails", result.changes, result.changes);
  return result;
}

function isArray<T>(changes: readonly T[] | AsyncIterable<readonly T[]>): changes is readonly T[] {
  return Array.isArray(changes);
}

type SliceWritten = { shipmentsAdded: number; shipmentsSuperseded: number };

/**
 * The new shipments' ids by pledge, in the order of each change's packages. Ids are made here
 * rather than returned by the INSERT: the emails' idempotency keys need them, and reading the
 * rows back costs more than making the UUIDs.
 */
function mintShipmentIds(changes: readonly PlannedBackerChange[]): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  for (const change of changes) {
    if (change.add.length > 0) ids.set(change.pledgeId, change.add.map(() => randomUUID()));
  }
  return ids;
}

/** One round's supersede UPDATE and shipment INSERT, handed to the sequence. */
async function writeShipments(
  tx: Tx,
  projectId: string,
  actorId: string | null,
  changes: readonly PlannedBackerChange[],
  ids: ReadonlyMap<string, string[]>,
  now: Date,
  sequence: StatementSequence,
): Promise<SliceWritten> {
  const supersede = changes.flatMap((change) => change.supersede);
  const rows: [string, string, string, string | null, string | null][] = [];
  for (const change of changes) {
    const pledgeIds = ids.get(change.pledgeId);
    change.add.forEach((pkg, at) => rows.push([pledgeIds![at], change.pledgeId, pkg.trackingNumber, pkg.carrier, pkg.trackingUrl]));
  }
  // One text parameter each instead of parameter arrays: the driver converts a large array
  // several times slower than Postgres parses the same values from one string.
  const supersedeIds = supersede.join(",");
  const superseding =
    supersede.length === 0
      ? 0
      : sequence(
          () => tx.$executeRaw`
            UPDATE shipment SET superseded_at = ${now}
             WHERE id = ANY(string_to_array(${supersedeIds}, ',')::uuid[])
               AND project_id = ${projectId}::uuid AND superseded_at IS NULL`,
        );
  const rowsJson = rows.length === 0 ? null : JSON.stringify(rows);
  const adding =
    rowsJson === null
      ? 0
      : sequence(
          () => tx.$executeRaw`
            INSERT INTO shipment (id, project_id, pledge_id, tracking_number, carrier, tracking_url, shipped_at, notified_at, created_by_id, created_at)
            SELECT (r->>0)::uuid, ${projectId}::uuid, (r->>1)::uuid, r->>2, r->>3, r->>4, ${now}, ${now}, ${actorId}, ${now}
              FROM jsonb_array_elements(${rowsJson}::jsonb) AS r`,
        );
  // Both are in the sequence already; a failure of the first stops the second from being sent.
  const [superseded, added] = await Promise.allSettled([superseding, adding]);
  if (superseded.status === "rejected") throw superseded.reason;
  if (added.status === "rejected") throw added.reason;
  return { shipmentsAdded: added.value, shipmentsSuperseded: superseded.value };
}

/** The "tracking-shipped" email of each change of a round that adds a package. */
function trackingEmails(
  changes: readonly PlannedBackerChange[],
  ids: ReadonlyMap<string, string[]>,
  projectId: string,
  projectName: string,
  shippedOn: string,
): QueueEmailsRow<"tracking-shipped">[] {
  const emails: QueueEmailsRow<"tracking-shipped">[] = [];
  for (const change of changes) {
    const pledgeIds = ids.get(change.pledgeId);
    if (!pledgeIds || change.add.length === 0) continue;
    const [first, ...others] = change.add;
    emails.push({
      to: change.email,
      idempotencyKey: `tracking:${pledgeIds[0]}`,
      projectId,
      props: {
        projectName,
        backerName: change.name,
        trackingNumber: first.trackingNumber,
        carrier: first.carrier ?? "",
        trackingUrl: first.trackingUrl ?? "",
        pledgeUrl: backingDetailsUrl(change.pledgeId),
        shippedOn,
        otherPackages: describeOtherPackages(change.keptPackages ?? 0, others),
      },
    });
  }
  return emails;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Starts a query (Prisma's are lazy) and records its outcome, so a failure is never an unhandled rejection while it waits. */
function settle<T>(query: T | PromiseLike<T>): Promise<Settled<T>> {
  return Promise.resolve(query).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}
