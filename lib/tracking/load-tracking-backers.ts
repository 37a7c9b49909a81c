import "server-only";
import type { prisma, Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { backerSelectionWhereSqlOrThrow, type BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import type { TrackingBacker } from "./match-tracking-rows";

type Row = {
  id: string;
  backer_number: number | null;
  email: string;
  name: string;
  pledge_id: string | null;
  pledge_status: string | null;
  in_selection: boolean;
  shipment_ids: string[] | null;
  shipment_numbers: string[] | null;
  shipment_carriers: (string | null)[] | null;
};

const KEY_FILTER_LIMIT = 20_000;

/** The backer numbers and emails a file refers to: only those backers are loaded. */
export type TrackingBackerKeys = { backerNumbers: number[]; emails: string[] };

/**
 * The project's backers that a tracking file names (by backer number or email), each with their
 * pledge, current shipments and whether they are in `selection`: what matchTrackingRows needs, in
 * one statement however many rows the file has.
 */
export async function loadTrackingBackers(
  db: Tx | typeof prisma,
  projectId: string,
  selection: BackerSelection,
  keys: TrackingBackerKeys,
): Promise<TrackingBacker[]> {
  const inSelection = await backerSelectionWhereSqlOrThrow(projectId, selection, db);
  // A file for a few backers reads only those; one for most of a large project reads them all,
  // which is cheaper than planning and checking a condition with a quarter of a million values.
  const keyCount = keys.backerNumbers.length + keys.emails.length;
  const keyFilter =
    keyCount > KEY_FILTER_LIMIT
      ? Prisma.empty
      : Prisma.sql`AND (b.backer_number = ANY(string_to_array(${keys.backerNumbers.join(",")}, ',')::int[])
                   OR b.email = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(keys.emails)}::jsonb))))`;
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT b.id::text AS id, b.backer_number, b.email, b.name, p.id::text AS pledge_id, p.status::text AS pledge_status,
           coalesce((${inSelection}), false) AS in_selection,
           s.ids AS shipment_ids, s.numbers AS shipment_numbers, s.carriers AS shipment_carriers
      FROM backer b
      LEFT JOIN pledge p ON p.backer_id = b.id
      LEFT JOIN (
        SELECT pledge_id, array_agg(id::text ORDER BY shipped_at, id) AS ids,
               array_agg(tracking_number ORDER BY shipped_at, id) AS numbers,
               array_agg(carrier ORDER BY shipped_at, id) AS carriers
          FROM shipment
         WHERE project_id = ${projectId}::uuid AND superseded_at IS NULL
         GROUP BY pledge_id
      ) s ON s.pledge_id = p.id
     WHERE b.project_id = ${projectId}::uuid ${keyFilter}`);
  return rows.map((row) => ({
    id: row.id,
    backerNumber: row.backer_number,
    email: row.email,
    name: row.name,
    pledgeId: row.pledge_id,
    pledgeStatus: row.pledge_status,
    inSelection: row.in_selection,
    shipments: (row.shipment_ids ?? []).map((id, index) => ({
      id,
      trackingNumber: row.shipment_numbers![index],
      carrier: row.shipment_carriers![index],
    })),
  }));
}
