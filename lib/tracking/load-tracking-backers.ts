import "server-only";
import type { prisma, Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { backerSelectionWhereSqlOrThrow, type BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { TrackingBackerIndex, type TrackingBackerColumns } from "./tracking-backer-index";

/**
 * Above this many backer numbers and emails, every backer of the project is loaded instead:
 * cheaper than planning and checking a condition with a quarter of a million values.
 */
export const TRACKING_KEY_FILTER_LIMIT = 20_000;

/** The backer numbers and emails a file refers to: only those backers are loaded (null: all of them). */
export type TrackingBackerKeys = { backerNumbers: number[]; emails: string[] };

type ChunkRow = { [column in keyof TrackingBackerColumns]: string | null };

/**
 * The project's backers that a tracking file names (by backer number or email), each with their
 * pledge, current shipments and whether they are in `selection`, indexed as matchTrackingRows
 * looks them up: in one statement however many rows the file has.
 */
export async function loadTrackingBackers(
  db: Tx | typeof prisma,
  projectId: string,
  selection: BackerSelection,
  keys: TrackingBackerKeys | null,
): Promise<TrackingBackerIndex> {
  const inSelection = await backerSelectionWhereSqlOrThrow(projectId, selection, db);
  const keyFilter =
    keys === null || keys.backerNumbers.length + keys.emails.length > TRACKING_KEY_FILTER_LIMIT
      ? Prisma.empty
      : Prisma.sql`AND (b.backer_number = ANY(string_to_array(${keys.backerNumbers.join(",")}, ',')::int[])
                   OR b.email = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(keys.emails)}::jsonb))))`;
  // Backers come back as a JSON array per field (all aggregated over the same rows, so in the
  // same order): a quarter of a million rows as result rows cost the driver and the client
  // several objects and conversions per value (seconds and over a gigabyte), and an object per
  // backer most of the rest; a JSON text costs one JSON.parse. Sixteen chunks rather than one,
  // parsed and let go one at a time. COLLECTED, by far the most common status, travels as null.
  // No UUIDs or names at all: a hash of each backer's current shipment ids stands in for them in
  // the plan's fingerprint (kept below 2^30 so it stays a small integer in JavaScript), and the
  // apply looks up the ids and names of a round's changes as it writes them (completeTrackingChanges).
  const query = Prisma.sql`
    SELECT json_agg(b.backer_number)::text AS "backerNumbers",
           json_agg(b.email)::text AS "emails",
           json_agg(p.id IS NOT NULL)::text AS "hasPledge",
           json_agg(nullif(p.status::text, 'COLLECTED'))::text AS "statuses",
           json_agg(coalesce((${inSelection}), false))::text AS "inSelection",
           json_agg(s.numbers)::text AS "shipmentNumbers",
           json_agg(CASE WHEN lvl.kind IN ('DIGITAL', 'NO_REWARD') THEN lvl.kind::text || ':' || lvl.name END)::text AS "nothingToShip",
           json_agg(coalesce(s.version, 0))::text AS "shipmentVersions"
      FROM backer b
      LEFT JOIN pledge p ON p.backer_id = b.id
      LEFT JOIN pledge_level lvl ON lvl.id = p.pledge_level_id
      LEFT JOIN (
        SELECT pledge_id,
               array_agg(tracking_number ORDER BY shipped_at, id) AS numbers,
               hashtext(string_agg(id::text, ',' ORDER BY shipped_at, id)) & 1073741823 AS version
          FROM shipment
         WHERE project_id = ${projectId}::uuid AND superseded_at IS NULL
         GROUP BY pledge_id
      ) s ON s.pledge_id = p.id
     WHERE b.project_id = ${projectId}::uuid ${keyFilter}
     GROUP BY hashtext(b.email) & 15`;
  const chunks = await withoutParallelWorkers(db, (tx) => tx.$queryRaw<ChunkRow[]>(query));
  const index = new TrackingBackerIndex();
  for (const chunk of chunks) {
    const column = <T>(name: keyof TrackingBackerColumns): T => {
      const text = chunk[name];
      chunk[name] = null;
      return JSON.parse(text ?? "[]") as T;
    };
    index.addColumns({
      backerNumbers: column("backerNumbers"),
      emails: column("emails"),
      hasPledge: column("hasPledge"),
      statuses: column("statuses"),
      inSelection: column("inSelection"),
      shipmentNumbers: column("shipmentNumbers"),
      shipmentVersions: column("shipmentVersions"),
      nothingToShip: column("nothingToShip"),
    });
    // Other requests run between chunks rather than waiting for all of them.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return index;
}

/**
 * Runs `read` with parallel query off, in a short transaction of its own or, given the caller's
 * transaction, in a savepoint of it (runInTransaction puts the setting back when it ends).
 * In a parallel plan every worker rebuilds the per-pledge shipment aggregate for itself (the hash is
 * not shared), so three processes do that work three times, and on a small server they take the
 * cores the web process needs to read the file at the same moment: at 250,000 backers the serial
 * plan answered in 1.3 s against 1.65–1.9 s. The setting is put back for the rest of the transaction.
 */
async function withoutParallelWorkers<T>(db: Tx | typeof prisma, read: (tx: Tx) => Promise<T>): Promise<T> {
  // Prisma's 5 s default would cut a large read short on a busy server.
  return runInTransaction(read, { db, timeout: 5 * 60_000, maxWait: 30_000, settings: { max_parallel_workers_per_gather: 0 } });
}
