import "server-only";
import type { prisma, Tx } from "@/lib/db/client";
import type { SavedTrackingNumbers } from "./match-tracking-rows";

/**
 * Which of a file's tracking numbers are already saved (current, not superseded) for a backer
 * other than the one the file gives them to. Only those come back: re-uploading a file of numbers
 * each backer already has costs one pass and returns nothing. Numbers are compared upper-cased, as
 * the matching compares them.
 */
export async function findTrackingNumbersSavedForOthers(
  db: Tx | typeof prisma,
  projectId: string,
  file: { numbers: string[]; emails: string[] },
): Promise<SavedTrackingNumbers> {
  if (file.numbers.length === 0) return new Map();
  const rows = await db.$queryRaw<{ number: string; email: string; backer_number: number | null }[]>`
    SELECT DISTINCT ON (u.number) u.number, b.email, b.backer_number
      FROM unnest(${file.numbers}::text[], ${file.emails}::text[]) AS u(number, email)
      JOIN shipment s ON s.project_id = ${projectId}::uuid AND s.superseded_at IS NULL
                     AND upper(s.tracking_number) = u.number
      JOIN pledge p ON p.id = s.pledge_id
      JOIN backer b ON b.id = p.backer_id
     WHERE b.email <> u.email
     ORDER BY u.number, b.backer_number NULLS LAST`;
  return new Map(
    rows.map((row) => [
      row.number,
      {
        email: row.email,
        backer: row.backer_number !== null ? `backer #${row.backer_number} (${row.email})` : `backer ${row.email}`,
      },
    ]),
  );
}
