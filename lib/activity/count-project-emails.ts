import "server-only";
import { prisma, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { projectEmailWhereSql } from "./list-project-emails";
import type { MailLogStatus } from "./mail-log-query";

export type ProjectEmailCounts = Record<MailLogStatus, number> & { total: number };

/**
 * How many of a project's messages are in each status, optionally only those whose recipient
 * contains `recipient`: the numbers on the mail log's status tabs.
 */
export async function countProjectEmails(
  input: { projectId: string; recipient?: string },
  db: Tx = prisma,
): Promise<ProjectEmailCounts> {
  const rows = await db.$queryRaw<{ status: MailLogStatus; count: bigint }[]>(Prisma.sql`
    SELECT m.status::text AS status, count(*) AS count
    FROM email_message m
    WHERE ${projectEmailWhereSql(input.projectId, { recipient: input.recipient })}
    GROUP BY m.status`);
  const counts: ProjectEmailCounts = { QUEUED: 0, SENDING: 0, SENT: 0, FAILED: 0, SKIPPED: 0, total: 0 };
  for (const row of rows) {
    counts[row.status] = Number(row.count);
    counts.total += Number(row.count);
  }
  return counts;
}
