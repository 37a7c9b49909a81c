import "server-only";
import { prisma } from "@/lib/db/client";
import type { SuppressionReason } from "@/lib/db/generated/enums";

export type ProjectSuppression = {
  email: string;
  backerName: string;
  reason: SuppressionReason;
  provider: string;
  detail: string | null;
  suppressedAt: Date;
  /** The message whose bounce or complaint caused it, when it was matched and is this project's. */
  causedBy: { subject: string; kind: string; sentAt: Date | null } | null;
};

/** Shown at most; the backer report's "Email suppressed" filter lists every one. */
const LIMIT = 100;

/**
 * This project's backers whose address is on the instance's suppression list, newest first, with
 * why. Only addresses of the project's own backers: the list itself is the instance's, and a creator
 * sees nothing of other projects' backers.
 */
export async function listProjectSuppressions(
  projectId: string,
): Promise<{ total: number; rows: ProjectSuppression[] }> {
  const rows = await prisma.$queryRaw<
    (Omit<ProjectSuppression, "causedBy"> & {
      subject: string | null;
      kind: string | null;
      sentAt: Date | null;
      total: bigint;
    })[]
  >`
    SELECT s.email, b.name AS "backerName", s.reason, s.provider, s.detail, s.suppressed_at AS "suppressedAt",
      m.subject, m.kind, m.sent_at AS "sentAt", count(*) OVER () AS total
    FROM email_suppression s
    JOIN backer b ON b.project_id = ${projectId}::uuid AND b.email = s.email
    LEFT JOIN email_message m ON m.id = s.email_message_id AND m.project_id = ${projectId}::uuid
    WHERE s.lifted_at IS NULL
    ORDER BY s.suppressed_at DESC, s.email
    LIMIT ${LIMIT}`;
  return {
    total: rows.length > 0 ? Number(rows[0].total) : 0,
    rows: rows.map(({ subject, kind, sentAt, total: _total, ...row }) => ({
      ...row,
      causedBy: subject !== null && kind !== null ? { subject, kind, sentAt } : null,
    })),
  };
}
