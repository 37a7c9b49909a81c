import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { PledgeStatus } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { segmentWhereSql } from "./segment-where-sql";
import { withSegmentQuerySettings } from "./with-segment-query-settings";
import { isStorableTime } from "@/lib/time/storable-time";

export type SegmentBackerRow = {
  backerId: string;
  email: string;
  name: string;
  backerNumber: number | null;
  country: string | null;
  pledgeId: string;
  pledgeLevelId: string | null;
  pledgeLevelName: string | null;
  amount: number;
  status: PledgeStatus;
  pledgedAt: Date;
};

export const MAX_SEGMENT_PREVIEW_PAGE = 500;

function encodeCursor(row: { pledgedAt: Date; backerId: string }) {
  return Buffer.from(`${row.pledgedAt.toISOString()}|${row.backerId}`).toString("base64url");
}

function decodeCursorOrThrow(cursor: string): { pledgedAt: string; backerId: string } {
  const [pledgedAt, backerId] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!pledgedAt || !backerId || !isStorableTime(pledgedAt) || !/^[0-9a-f-]{36}$/i.test(backerId)) {
    throw new DomainError("INVALID_INPUT", "The page cursor is not valid; reload the list");
  }
  return { pledgedAt, backerId };
}

/**
 * A page of the backers matching a filter (the builder's preview list), in pledge order (earliest
 * first). `cursor` is the `nextCursor` of the previous page; `nextCursor` is null on the last page.
 */
export async function listSegmentBackers(
  db: Tx,
  projectId: string,
  filter: unknown,
  options: { limit?: number; cursor?: string | null } = {},
): Promise<{ backers: SegmentBackerRow[]; nextCursor: string | null }> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEGMENT_PREVIEW_PAGE) {
    throw new DomainError("INVALID_INPUT", `A page holds 1 to ${MAX_SEGMENT_PREVIEW_PAGE} backers`);
  }
  return withSegmentQuerySettings(db, async (tx) => {
    const { where } = await segmentWhereSql(tx, projectId, filter);
    return listSegmentBackersWhere(tx, where, limit, options.cursor ?? null);
  });
}

/** A page for a compiled segment condition (see segmentWhereSql), in the caller's transaction. */
export async function listSegmentBackersWhere(
  tx: Tx,
  where: Prisma.Sql,
  limit: number,
  cursor: string | null,
): Promise<{ backers: SegmentBackerRow[]; nextCursor: string | null }> {
  const after = cursor ? decodeCursorOrThrow(cursor) : null;
  const afterSql = after
    ? Prisma.sql`AND (p.pledged_at, b.id) > (${after.pledgedAt}::timestamptz, ${after.backerId}::uuid)`
    : Prisma.empty;
  const rows = await tx.$queryRaw<SegmentBackerRow[]>(Prisma.sql`
    SELECT b.id AS "backerId", b.email, b.name, b.backer_number AS "backerNumber", b.country,
           p.id AS "pledgeId", p.pledge_level_id AS "pledgeLevelId", pl.name AS "pledgeLevelName",
           p.amount, p.status::text AS status, p.pledged_at AS "pledgedAt"
    FROM backer b
    JOIN pledge p ON p.backer_id = b.id
    LEFT JOIN pledge_level pl ON pl.id = p.pledge_level_id
    WHERE ${where} ${afterSql}
    ORDER BY p.pledged_at, b.id
    LIMIT ${limit + 1}`);
  const backers = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(backers[backers.length - 1]) : null;
  return { backers, nextCursor };
}
