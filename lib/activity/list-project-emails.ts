import "server-only";
import { prisma, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { paginateKeysetRows, type KeysetLinks, type KeysetPage } from "./keyset-cursor";
import { keysetSql } from "./keyset-sql";
import type { MailLogFilter, MailLogStatus } from "./mail-log-query";

export type ProjectEmailEntry = {
  id: string;
  toEmail: string;
  kind: string;
  /** Null when the outbox keeps no subject of its own for the message (it lives in its template). */
  subject: string | null;
  status: MailLogStatus;
  attempts: number;
  /** The receiving server's reply (FAILED), or the last temporary failure of a message still queued. */
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
  nextAttemptAt: Date;
};

export type ProjectEmailPage = { emails: ProjectEmailEntry[] } & KeysetLinks;

export const DEFAULT_PROJECT_EMAIL_PAGE_SIZE = 50;

type Row = {
  id: string;
  to_email: string;
  kind: string;
  subject: string | null;
  status: MailLogStatus;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Date;
  next_attempt_at: Date;
};

/**
 * The condition for a project's messages under a mail log filter (status, recipient contains);
 * shared by the list and the per-status counts so both always describe the same messages.
 */
export function projectEmailWhereSql(projectId: string, filter: MailLogFilter): Prisma.Sql {
  const conditions = [Prisma.sql`m.project_id = ${projectId}::uuid`];
  if (filter.status) conditions.push(Prisma.sql`m.status = ${filter.status}::"EmailStatus"`);
  // to_email is stored lower-cased; strpos keeps % and _ in the search literal.
  if (filter.recipient) conditions.push(Prisma.sql`strpos(m.to_email, ${filter.recipient.toLowerCase()}) > 0`);
  return Prisma.join(conditions, " AND ");
}

/**
 * One page of the messages a project queued for its backers, newest first, filtered by status and
 * by part of the recipient's address. Only `projectId`'s messages (sign-in links belong to no
 * project and never appear): callers check membership.
 */
export async function listProjectEmails(
  input: { projectId: string; filter?: MailLogFilter; page?: KeysetPage | null; limit?: number },
  db: Tx = prisma,
): Promise<ProjectEmailPage> {
  const limit = Math.min(Math.max(1, input.limit ?? DEFAULT_PROJECT_EMAIL_PAGE_SIZE), 200);
  const page = input.page ?? null;
  const keyset = keysetSql("m", page);
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT m.id::text AS id, m.to_email, m.kind, m.subject, m.status::text AS status, m.attempts,
           m.last_error, m.sent_at, m.created_at, m.next_attempt_at
    FROM email_message m
    WHERE ${projectEmailWhereSql(input.projectId, input.filter ?? {})} AND ${keyset.condition}
    ORDER BY ${keyset.orderBy}
    LIMIT ${limit + 1}`);
  const { rows: kept, ...links } = paginateKeysetRows(
    rows.map((row) => ({ ...row, createdAt: row.created_at })),
    page,
    limit,
  );
  return {
    emails: kept.map((row) => ({
      id: row.id,
      toEmail: row.to_email,
      kind: row.kind,
      subject: row.subject || null,
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      sentAt: row.sent_at,
      createdAt: row.created_at,
      nextAttemptAt: row.next_attempt_at,
    })),
    ...links,
  };
}
