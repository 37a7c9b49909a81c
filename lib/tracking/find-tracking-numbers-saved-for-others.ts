import "server-only";
import type { prisma, Tx } from "@/lib/db/client";
import { forgetPrismaDebugHistory } from "@/lib/db/forget-prisma-debug-history";
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
  { roundSize = LOOKUP_ROUND }: { roundSize?: number } = {},
): Promise<SavedTrackingNumbers> {
  const saved = new Map<string, { email: string; backer: string }>();
  // In rounds, each one JSON text: a quarter of a million numbers and emails as two array
  // parameters cost the driver a chain of a million string pieces to build, and Prisma's debug
  // history a copy of the whole lot, together over a hundred megabytes at the apply's peak.
  // The numbers are distinct, so rounds never answer for the same number twice.
  for (let start = 0; start < file.numbers.length; start += roundSize) {
    const pairs = JSON.stringify(
      file.numbers.slice(start, start + roundSize).map((number, offset) => [number, file.emails[start + offset]]),
    );
    const rows = await db.$queryRaw<{ number: string; email: string; backer_number: number | null }[]>`
      SELECT DISTINCT ON (u.number) u.number, b.email, b.backer_number
        FROM (SELECT r->>0 AS number, r->>1 AS email FROM jsonb_array_elements(${pairs}::jsonb) AS r) AS u
        JOIN shipment s ON s.project_id = ${projectId}::uuid AND s.superseded_at IS NULL
                       AND upper(s.tracking_number) = u.number
        JOIN pledge p ON p.id = s.pledge_id
        JOIN backer b ON b.id = p.backer_id
       WHERE b.email <> u.email
       ORDER BY u.number, b.backer_number NULLS LAST`;
    for (const row of rows) {
      saved.set(row.number, {
        email: row.email,
        backer: row.backer_number !== null ? `backer #${row.backer_number} (${row.email})` : `backer ${row.email}`,
      });
    }
  }
  // Each round's text would otherwise stay in Prisma's debug history while the plan is written.
  forgetPrismaDebugHistory();
  return saved;
}

/**
 * Numbers looked up per statement (about 2 MB of JSON). Not smaller: each statement scans the
 * project's current shipments once (no index on upper(tracking_number)), so 250,000 numbers cost
 * five scans rather than one.
 */
const LOOKUP_ROUND = 50_000;
