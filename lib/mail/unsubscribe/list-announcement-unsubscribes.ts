import "server-only";
import { prisma } from "@/lib/db/client";

export type AnnouncementUnsubscribe = { email: string; backerName: string | null; unsubscribedAt: Date };

/** Shown at most; the count is of all. */
const LIMIT = 50;

/**
 * Addresses that stopped this project's announcements from their unsubscribe link, newest first,
 * with the backer's name where the address is still a backer's. The creator sees them so an
 * incentive's "emails queued" count is not a surprise; only the backer can undo it.
 */
export async function listAnnouncementUnsubscribes(
  projectId: string,
): Promise<{ total: number; rows: AnnouncementUnsubscribe[] }> {
  const rows = await prisma.$queryRaw<(AnnouncementUnsubscribe & { total: bigint })[]>`
    SELECT a.email, b.name AS "backerName", a.unsubscribed_at AS "unsubscribedAt", count(*) OVER () AS total
    FROM announcement_unsubscribe a
    LEFT JOIN backer b ON b.project_id = a.project_id AND b.email = a.email
    WHERE a.project_id = ${projectId}::uuid
    ORDER BY a.unsubscribed_at DESC, a.email
    LIMIT ${LIMIT}`;
  return {
    total: rows.length > 0 ? Number(rows[0].total) : 0,
    rows: rows.map(({ total: _total, ...row }) => row),
  };
}
