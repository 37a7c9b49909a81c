import "server-only";
import type { prisma, Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { backerSelectionWhereSqlOrThrow, type BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { indexTrackingBackers, type TrackingBacker, type TrackingBackerIndex } from "./match-tracking-rows";

/**
 * Above this many backer numbers and emails, every backer of the project is loaded instead:
 * cheaper than planning and checking a condition with a quarter of a million values.
 */
export const TRACKING_KEY_FILTER_LIMIT = 20_000;

/** The backer numbers and emails a file refers to: only those backers are loaded (null: all of them). */
export type TrackingBackerKeys = { backerNumbers: number[]; emails: string[] };

export type LoadTrackingBackersOptions = {
  /** Also load names (only the emails need them; the preview does not). */
  withNames?: boolean;
};

// [backer number, email, pledge id, pledge status unless collected, in selection, shipment ids, shipment numbers, name?]
type PackedBacker = [number | null, string, string | null, string | null, boolean, string[] | null, string[] | null, string?];

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
  options: LoadTrackingBackersOptions = {},
): Promise<TrackingBackerIndex> {
  const inSelection = await backerSelectionWhereSqlOrThrow(projectId, selection, db);
  const keyFilter =
    keys === null || keys.backerNumbers.length + keys.emails.length > TRACKING_KEY_FILTER_LIMIT
      ? Prisma.empty
      : Prisma.sql`AND (b.backer_number = ANY(string_to_array(${keys.backerNumbers.join(",")}, ',')::int[])
                   OR b.email = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(keys.emails)}::jsonb))))`;
  const name = options.withNames ? Prisma.sql`, b.name` : Prisma.empty;
  // Backers come back as JSON texts of small arrays: a quarter of a million rows as result rows
  // cost the driver and the client several objects and conversions per value (seconds and over a
  // gigabyte), a text costs one JSON.parse. Sixteen texts rather than one, parsed and let go one
  // at a time, so the parsed arrays of all backers never exist at once next to the backers made
  // from them. COLLECTED, by far the most common status, travels as null so 250,000 copies of it
  // are never allocated.
  const chunks = await db.$queryRaw<{ packed: string | null }[]>(Prisma.sql`
    SELECT json_agg(json_build_array(
             b.backer_number, b.email, p.id, nullif(p.status::text, 'COLLECTED'),
             coalesce((${inSelection}), false), s.ids, s.numbers ${name}))::text AS packed
      FROM backer b
      LEFT JOIN pledge p ON p.backer_id = b.id
      LEFT JOIN (
        SELECT pledge_id, array_agg(id::text ORDER BY shipped_at, id) AS ids,
               array_agg(tracking_number ORDER BY shipped_at, id) AS numbers
          FROM shipment
         WHERE project_id = ${projectId}::uuid AND superseded_at IS NULL
         GROUP BY pledge_id
      ) s ON s.pledge_id = p.id
     WHERE b.project_id = ${projectId}::uuid ${keyFilter}
     GROUP BY hashtext(b.email) & 15`);
  const index = indexTrackingBackers([]);
  for (const chunk of chunks) {
    const rows = JSON.parse(chunk.packed ?? "[]") as PackedBacker[];
    chunk.packed = null;
    const backers: TrackingBacker[] = new Array(rows.length);
    for (let at = 0; at < rows.length; at++) {
      const [backerNumber, email, pledgeId, status, selected, ids, numbers, backerName] = rows[at];
      backers[at] = {
        backerNumber,
        email,
        name: backerName ?? "",
        pledgeId,
        pledgeStatus: pledgeId === null ? null : (status ?? "COLLECTED"),
        inSelection: selected,
        shipments: ids === null ? NO_SHIPMENTS : ids.map((id, position) => ({ id, trackingNumber: numbers![position] })),
      };
    }
    indexTrackingBackers(backers, index);
    // Other requests run between chunks rather than waiting for all of them.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return index;
}

const NO_SHIPMENTS: TrackingBacker["shipments"] = [];
