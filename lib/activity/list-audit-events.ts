import "server-only";
import { prisma, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { paginateKeysetRows, type KeysetLinks, type KeysetPage } from "./keyset-cursor";
import { keysetSql } from "./keyset-sql";

export type AuditEventEntry = {
  id: string;
  action: string;
  targetCount: number;
  /** What the action recorded about itself (file name, reward, counts); its shape depends on `action`. */
  details: Record<string, unknown> | null;
  createdAt: Date;
  /** Who did it; null for system work, or when the person's account no longer exists (then `actorId` is kept). */
  actor: { email: string; name: string } | null;
  actorId: string | null;
};

export type AuditEventPage = { events: AuditEventEntry[] } & KeysetLinks;

export const DEFAULT_AUDIT_EVENT_PAGE_SIZE = 30;

type Row = {
  id: string;
  action: string;
  target_count: number;
  details: unknown;
  created_at: Date;
  actor_id: string | null;
  actor_email: string | null;
  actor_name: string | null;
};

/**
 * One page of a project's audit events (imports, bulk actions, incentives and their undos), newest
 * first, with the actor's email and name. Only `projectId`'s events: callers check membership.
 */
export async function listAuditEvents(
  input: { projectId: string; page?: KeysetPage | null; limit?: number },
  db: Tx = prisma,
): Promise<AuditEventPage> {
  const limit = Math.min(Math.max(1, input.limit ?? DEFAULT_AUDIT_EVENT_PAGE_SIZE), 200);
  const page = input.page ?? null;
  const keyset = keysetSql("e", page);
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT e.id::text AS id, e.action, e.target_count, e.details, e.created_at, e.actor_id,
           u.email AS actor_email, u.name AS actor_name
    FROM audit_event e
    LEFT JOIN "user" u ON u.id = e.actor_id
    WHERE e.project_id = ${input.projectId}::uuid AND ${keyset.condition}
    ORDER BY ${keyset.orderBy}
    LIMIT ${limit + 1}`);
  const { rows: kept, ...links } = paginateKeysetRows(
    rows.map((row) => ({ ...row, createdAt: row.created_at })),
    page,
    limit,
  );
  return {
    events: kept.map((row) => ({
      id: row.id,
      action: row.action,
      targetCount: row.target_count,
      details: isRecord(row.details) ? row.details : null,
      createdAt: row.created_at,
      actor: row.actor_email ? { email: row.actor_email, name: row.actor_name ?? "" } : null,
      actorId: row.actor_id,
    })),
    ...links,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
