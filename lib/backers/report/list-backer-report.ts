import "server-only";
import { prisma, type Tx } from "@/lib/db/client";
import { PledgeStatus, Prisma } from "@/lib/db/generated/client";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { DomainError, isStatementTimeout } from "@/lib/errors";
import type {
  BackerReportFilter,
  BackerReportQuery,
  BackerReportSortKey,
  SortDirection,
} from "./backer-report-query-schema";
import { buildBackerReportWhereSql, hasBackerCondition, hasPledgeCondition } from "./build-backer-report-where";
import { isStorableTime } from "@/lib/time/storable-time";
import { resolveSegmentMembershipSqlOrThrow } from "./resolve-segment-membership-sql";

export type PledgeStatusValue = "COLLECTED" | "ERRORED" | "FAILED" | "DROPPED" | "REFUNDED";

/** One line of the backer report. Amounts are minor units of `currency`. */
export type BackerReportRow = {
  id: string;
  backerNumber: number | null;
  name: string;
  email: string;
  pledgeId: string | null;
  pledgeLevelId: string | null;
  pledgeLevelName: string | null;
  amount: number | null;
  currency: string;
  status: PledgeStatusValue | null;
  pledgedAt: Date | null;
  country: string | null;
  /** The latest tracking number that has not been superseded. */
  trackingNumber: string | null;
  carrier: string | null;
  /** Names of the digital rewards sent to the backer, alphabetical. */
  digitalRewards: string[];
  /** Sum of the backer's credit ledger, minor units. */
  creditBalance: number;
};

export type BackerReportPage = {
  rows: BackerReportRow[];
  /** Backers matching the filter (all pages). */
  totalCount: number;
  /** Token for the page after this one, null on the last page. */
  nextCursor: string | null;
  /** Token for the page before this one, null on the first page. */
  prevCursor: string | null;
};

/** A page whose exact count is still being computed when its rows are ready. */
export type BackerReportPageCounting = Omit<BackerReportPage, "totalCount"> & { totalCount: Promise<number> };

type Db = Tx | typeof prisma;

type SortColumn = { expr: Prisma.Sql; cast: Prisma.Sql; nullable: boolean };

// Nullable keys sort NULLS LAST ascending and NULLS FIRST descending (Postgres' defaults): nulls
// count as the largest value, so descending is exactly ascending reversed and one b-tree index
// serves both directions and both page directions.
const SORT_COLUMNS: Record<BackerReportSortKey, SortColumn> = {
  number: { expr: Prisma.sql`b.backer_number`, cast: Prisma.raw("::int"), nullable: true },
  name: { expr: Prisma.sql`b.name`, cast: Prisma.raw("::text"), nullable: false },
  email: { expr: Prisma.sql`b.email`, cast: Prisma.raw("::text"), nullable: false },
  amount: { expr: Prisma.sql`p.amount`, cast: Prisma.raw("::int"), nullable: true },
  pledged: { expr: Prisma.sql`p.pledged_at`, cast: Prisma.raw("::timestamptz"), nullable: true },
  status: { expr: Prisma.sql`p.status`, cast: Prisma.raw(`::"PledgeStatus"`), nullable: true },
  country: { expr: Prisma.sql`b.country`, cast: Prisma.raw("::text"), nullable: true },
};

export type CursorValue = string | number | null;
export type DecodedCursor = { value: CursorValue; id: string };

const INT4_MIN = -2_147_483_648;
const INT4_MAX = 2_147_483_647;
/** How cursors write times (Date#toISOString). */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const PLEDGE_STATUSES = new Set<string>(Object.values(PledgeStatus));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A cursor names its sort so a token from one order is never applied to another. */
export function encodeBackerReportCursor(
  sort: BackerReportSortKey,
  dir: SortDirection,
  value: CursorValue,
  id: string,
): string {
  return Buffer.from(JSON.stringify([sort, dir, value, id])).toString("base64url");
}

function decodeCursorOrThrow(token: string, sort: BackerReportSortKey, dir: SortDirection): DecodedCursor {
  const invalid = () =>
    new DomainError("INVALID_INPUT", "This page link no longer matches the report's order. Go back to the first page.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalid();
  const [cursorSort, cursorDir, value, id] = parsed as unknown[];
  if (cursorSort !== sort || cursorDir !== dir || typeof id !== "string" || !UUID.test(id)) throw invalid();
  const column = SORT_COLUMNS[sort];
  if (value === null) {
    if (!column.nullable) throw invalid();
    return { value, id };
  }
  // Each value must be one its column's cast accepts: a cursor Postgres cannot read would fail the
  // whole page (a 500) instead of answering "go back to the first page".
  const numeric = sort === "number" || sort === "amount";
  if (numeric) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < INT4_MIN || value > INT4_MAX) throw invalid();
  } else if (typeof value !== "string" || value.length > 500 || value.includes("\u0000")) throw invalid();
  if (sort === "pledged" && !(ISO_UTC.test(value as string) && isStorableTime(value as string))) throw invalid();
  if (sort === "status" && !PLEDGE_STATUSES.has(value as string)) throw invalid();
  return { value: value as CursorValue, id };
}

/** Rows strictly after the cursor row in `direction` order (ties broken by backer id). */
function keysetSql(column: SortColumn, direction: SortDirection, cursor: DecodedCursor): Prisma.Sql {
  const { expr, cast } = column;
  const id = Prisma.sql`${cursor.id}::uuid`;
  if (cursor.value === null) {
    return direction === "asc"
      ? Prisma.sql`(${expr} IS NULL AND b.id > ${id})`
      : Prisma.sql`(${expr} IS NOT NULL OR b.id < ${id})`;
  }
  const value = Prisma.sql`${cursor.value}${cast}`;
  if (!column.nullable) {
    // A row comparison lets Postgres start the index scan at the cursor.
    return direction === "asc"
      ? Prisma.sql`(${expr}, b.id) > (${value}, ${id})`
      : Prisma.sql`(${expr}, b.id) < (${value}, ${id})`;
  }
  return direction === "asc"
    ? Prisma.sql`(${expr} > ${value} OR (${expr} = ${value} AND b.id > ${id}) OR ${expr} IS NULL)`
    : Prisma.sql`(${expr} < ${value} OR (${expr} = ${value} AND b.id < ${id}))`;
}

function orderSql(expr: Prisma.Sql, idExpr: Prisma.Sql, direction: SortDirection): Prisma.Sql {
  return direction === "asc"
    ? Prisma.sql`${expr} ASC NULLS LAST, ${idExpr} ASC`
    : Prisma.sql`${expr} DESC NULLS FIRST, ${idExpr} DESC`;
}

/** Resolves the filter's segment (if any) and builds the shared WHERE condition. */
export async function backerReportWhereSqlOrThrow(
  projectId: string,
  filter: BackerReportFilter,
  db: Db = prisma,
): Promise<Prisma.Sql> {
  const segment = filter.segmentId ? await resolveSegmentMembershipSqlOrThrow(projectId, filter.segmentId, db) : null;
  return buildBackerReportWhereSql(projectId, filter, segment);
}

type RawRow = {
  id: string;
  backer_number: number | null;
  name: string;
  email: string;
  pledge_id: string | null;
  pledge_level_id: string | null;
  pledge_level_name: string | null;
  amount: number | null;
  currency: string;
  status: PledgeStatusValue | null;
  pledged_at: Date | null;
  country: string | null;
  tracking_number: string | null;
  carrier: string | null;
  digital_rewards: string[];
  credit_balance: number;
  sort_value: number | string | Date | null;
};

/**
 * The page's ids and sort values by the generic plan: `backer b LEFT JOIN pledge p` under `where`.
 * With `filterFirst`, every matching backer is found first and the first `limit` of them taken in
 * order: the fence (OFFSET 0) keeps Postgres from walking the sort index and testing each backer,
 * which it does when it expects many matches (see queryFilteredPageRows).
 */
function keysetPageSql(
  where: Prisma.Sql,
  column: SortColumn,
  direction: SortDirection,
  cursor: DecodedCursor | null,
  limit: number,
  { filterFirst = false }: { filterFirst?: boolean } = {},
): Prisma.Sql {
  const keyset = cursor ? Prisma.sql`AND ${keysetSql(column, direction, cursor)}` : Prisma.empty;
  const matching = Prisma.sql`
      SELECT b.id, ${column.expr} AS sort_value
      FROM backer b LEFT JOIN pledge p ON p.backer_id = b.id
      WHERE ${where} ${keyset}`;
  if (!filterFirst) {
    return Prisma.sql`${matching}
      ORDER BY ${orderSql(column.expr, Prisma.sql`b.id`, direction)}
      LIMIT ${limit}`;
  }
  return Prisma.sql`
      SELECT matching.id, matching.sort_value FROM (${matching} OFFSET 0) matching
      ORDER BY ${orderSql(Prisma.sql`matching.sort_value`, Prisma.sql`matching.id`, direction)}
      LIMIT ${limit}`;
}

/** How long the index-order plan of a filtered page may run before the page is found by filtering first (0: filter first at once). */
export const INDEX_ORDER_BUDGET_MS = 400;

/**
 * A filtered page. Postgres estimates conditions such as "no tracking number" and "was sent this
 * reward" as independent, so for a combination that matches few backers it still walks the sort
 * index and tests every backer (250,000 backers, no match: 1.0–1.6 s); for dense filters that plan
 * takes milliseconds, and filtering first would cost 200–350 ms. So the index order gets a short
 * budget and the filter-first form takes over when it runs out (the sparse case: ~400 + 140 ms).
 * The budget counts wall time, so it is generous: on a saturated server a dense query may wait
 * for a core that long, and redoing it filter-first would add work when there is least to spare.
 */
async function queryFilteredPageRows(
  db: Db,
  where: Prisma.Sql,
  sort: BackerReportSortKey,
  direction: SortDirection,
  cursor: DecodedCursor | null,
  limit: number,
  budgetMs: number,
): Promise<{ rows: BackerReportRow[]; sortValues: CursorValue[]; filteredFirst: boolean }> {
  const column = SORT_COLUMNS[sort];
  const filterFirst = async () => ({
    ...(await queryPageRows(
      db,
      keysetPageSql(where, column, direction, cursor, limit, { filterFirst: true }),
      direction,
    )),
    filteredFirst: true,
  });
  if (budgetMs <= 0) return filterFirst();
  try {
    // A transaction of its own, or a savepoint inside the caller's: the budget ends with it, and a
    // cancelled statement leaves the caller's transaction usable.
    const found = await runInTransaction(
      (tx) => queryPageRows(tx, keysetPageSql(where, column, direction, cursor, limit), direction),
      { db, settings: { statement_timeout: Math.max(1, Math.round(budgetMs)) } },
    );
    return { ...found, filteredFirst: false };
  } catch (error) {
    if (!isStatementTimeout(error)) throw error;
  }
  return filterFirst();
}

/** Sorts on a pledge column, which is NOT NULL: a null sort value means the backer has no pledge. */
const PLEDGE_SORTS: ReadonlySet<BackerReportSortKey> = new Set(["amount", "pledged", "status"]);

/**
 * The unfiltered report sorted by a pledge column, without the LEFT JOIN's sort of every backer:
 * the pledged backers are read off the pledge (project_id, <column>, backer_id) index, and the
 * backers without a pledge (the nulls: last ascending, first descending) are looked up only when
 * the project has any (`withoutPledge`), since proving there are none costs a pass over them.
 */
function pledgeSortPageSql(
  projectId: string,
  column: SortColumn,
  direction: SortDirection,
  cursor: DecodedCursor | null,
  limit: number,
  withoutPledge: boolean,
): Prisma.Sql {
  const { expr, cast } = column;
  const asc = direction === "asc";
  const project = Prisma.sql`${projectId}::uuid`;
  // In the order of travel, nulls come after the pledged rows ascending and before them descending.
  const inNullRegion = cursor !== null && cursor.value === null;
  const pledgedRows = !(asc && inNullRegion);
  const nullRows = withoutPledge && (asc || cursor === null || inNullRegion);
  const branches: Prisma.Sql[] = [];
  if (pledgedRows) {
    const after =
      cursor && cursor.value !== null
        ? Prisma.sql`AND (${expr}, p.backer_id) ${Prisma.raw(asc ? ">" : "<")} (${cursor.value}${cast}, ${cursor.id}::uuid)`
        : Prisma.empty;
    branches.push(Prisma.sql`(
        SELECT p.backer_id AS id, ${expr} AS sort_value
        FROM pledge p JOIN backer b ON b.id = p.backer_id AND b.project_id = ${project}
        WHERE p.project_id = ${project} ${after}
        ORDER BY ${orderSql(expr, Prisma.sql`p.backer_id`, direction)}
        LIMIT ${limit})`);
  }
  if (nullRows) {
    const after = inNullRegion ? Prisma.sql`AND b.id ${Prisma.raw(asc ? ">" : "<")} ${cursor.id}::uuid` : Prisma.empty;
    branches.push(Prisma.sql`(
        SELECT b.id, NULL${cast} AS sort_value
        FROM backer b
        WHERE b.project_id = ${project} AND NOT EXISTS (SELECT 1 FROM pledge p WHERE p.backer_id = b.id) ${after}
        ORDER BY b.id ${Prisma.raw(asc ? "ASC" : "DESC")}
        LIMIT ${limit})`);
  }
  if (branches.length === 0) return Prisma.sql`SELECT NULL::uuid AS id, NULL${cast} AS sort_value WHERE false`;
  if (branches.length === 1) return Prisma.sql`SELECT * FROM ${branches[0]} one`;
  return Prisma.sql`
      SELECT * FROM (${Prisma.join(branches, " UNION ALL ")}) both_kinds
      ORDER BY ${orderSql(Prisma.sql`sort_value`, Prisma.sql`id`, direction)}
      LIMIT ${limit}`;
}

/**
 * One keyset page in `direction` order, `limit` rows at most; shared with the CSV export. With
 * `indexOrderBudgetMs`, a page the sort index cannot find within that time is found by filtering
 * first (see queryFilteredPageRows; 0: filter first at once), and `filteredFirst` says which form
 * answered, so a caller reading many pages of one selection can keep to the form that worked.
 */
export async function queryBackerReportRows(
  db: Db,
  where: Prisma.Sql,
  sort: BackerReportSortKey,
  direction: SortDirection,
  cursor: DecodedCursor | null,
  limit: number,
  options: { indexOrderBudgetMs?: number } = {},
): Promise<{ rows: BackerReportRow[]; sortValues: CursorValue[]; filteredFirst: boolean }> {
  if (options.indexOrderBudgetMs !== undefined) {
    return queryFilteredPageRows(db, where, sort, direction, cursor, limit, options.indexOrderBudgetMs);
  }
  return {
    ...(await queryPageRows(db, keysetPageSql(where, SORT_COLUMNS[sort], direction, cursor, limit), direction)),
    filteredFirst: false,
  };
}

/** The report's rows for the page that `pageSql` selects (ids and sort values), in `direction` order. */
async function queryPageRows(
  db: Db,
  pageSql: Prisma.Sql,
  direction: SortDirection,
): Promise<{ rows: BackerReportRow[]; sortValues: CursorValue[] }> {
  // The inner query finds the page's ids by the index-friendly columns only; the per-row lookups
  // (latest tracking number, rewards, credit) then run for the page's rows, not for every match.
  const raw = await db.$queryRaw<RawRow[]>`
    SELECT b.id, b.backer_number, b.name, b.email, p.id AS pledge_id, pl.id AS pledge_level_id,
           pl.name AS pledge_level_name, p.amount, pr.currency, p.status::text AS status, p.pledged_at,
           b.country, t.tracking_number, t.carrier,
           COALESCE(dr.names, ARRAY[]::text[]) AS digital_rewards,
           COALESCE(cr.balance, 0)::int AS credit_balance,
           page.sort_value
    FROM (${pageSql}) page
    JOIN backer b ON b.id = page.id
    JOIN project pr ON pr.id = b.project_id
    LEFT JOIN pledge p ON p.backer_id = b.id
    LEFT JOIN pledge_level pl ON pl.id = p.pledge_level_id
    LEFT JOIN LATERAL (
      SELECT s.tracking_number, s.carrier FROM shipment s
      WHERE s.pledge_id = p.id AND s.superseded_at IS NULL
      ORDER BY s.shipped_at DESC, s.created_at DESC, s.id DESC LIMIT 1
    ) t ON true
    LEFT JOIN LATERAL (
      SELECT array_agg(d.name ORDER BY d.name) AS names
      FROM digital_reward_delivery x JOIN digital_reward d ON d.id = x.digital_reward_id
      WHERE x.pledge_id = p.id
    ) dr ON true
    LEFT JOIN LATERAL (SELECT sum(c.amount) AS balance FROM credit_entry c WHERE c.pledge_id = p.id) cr ON true
    ORDER BY ${orderSql(Prisma.sql`page.sort_value`, Prisma.sql`page.id`, direction)}`;

  const sortValues: CursorValue[] = [];
  const rows = raw.map((r): BackerReportRow => {
    const v = r.sort_value;
    sortValues.push(v instanceof Date ? v.toISOString() : v);
    return {
      id: r.id,
      backerNumber: r.backer_number,
      name: r.name,
      email: r.email,
      pledgeId: r.pledge_id,
      pledgeLevelId: r.pledge_level_id,
      pledgeLevelName: r.pledge_level_name,
      amount: r.amount,
      currency: r.currency,
      status: r.status,
      pledgedAt: r.pledged_at,
      country: r.country,
      trackingNumber: r.tracking_number,
      carrier: r.carrier,
      digitalRewards: r.digital_rewards,
      creditBalance: r.credit_balance,
    };
  });
  return { rows, sortValues };
}

/** Backers of `projectId` matching `filter`, exactly. */
export async function countBackerReport(
  projectId: string,
  filter: BackerReportFilter,
  db: Db = prisma,
): Promise<number> {
  const segment = filter.segmentId ? await resolveSegmentMembershipSqlOrThrow(projectId, filter.segmentId, db) : null;
  return countMatching(db, projectId, filter, segment);
}

/**
 * Counting 250,000 rows through a backer ⋈ pledge hash join costs several times a count over one
 * table's index, so the count reads only the table the filter needs: backer alone, pledge alone,
 * or both. (Postgres would drop the unused LEFT JOIN itself, but then plans a scan of the backer
 * table where `FROM backer` alone reads the far smaller (project_id, backer_number) index.)
 */
async function countMatching(
  db: Db,
  projectId: string,
  filter: BackerReportFilter,
  segment: Prisma.Sql | null,
): Promise<number> {
  const pledgeOnly = hasPledgeCondition(filter) && !hasBackerCondition(filter);
  // "No tracking number" reads the pledge without excluding backers that have none.
  const readsPledge = hasPledgeCondition(filter) || filter.hasTracking !== undefined;
  const from = pledgeOnly
    ? Prisma.sql`pledge p`
    : readsPledge
      ? Prisma.sql`backer b LEFT JOIN pledge p ON p.backer_id = b.id`
      : Prisma.sql`backer b`;
  const where = buildBackerReportWhereSql(projectId, filter, segment, pledgeOnly ? "pledge" : "backer");
  const [{ count }] = await db.$queryRaw<
    { count: number }[]
  >`SELECT count(*)::int AS count FROM ${from} WHERE ${where}`;
  return count;
}

/**
 * The project's backers and pledges, counted in one snapshot: equal counts prove every backer has
 * a pledge (a backer has at most one, in its own project), so a pledge-column sort has no nulls.
 */
async function countBackersAndPledges(db: Db, projectId: string): Promise<{ backers: number; pledges: number }> {
  const [counts] = await db.$queryRaw<{ backers: number; pledges: number }[]>`
    SELECT (SELECT count(*) FROM backer b WHERE b.project_id = ${projectId}::uuid)::int AS backers,
           (SELECT count(*) FROM pledge p WHERE p.project_id = ${projectId}::uuid)::int AS pledges`;
  return counts;
}

/**
 * One page of the backer report of `projectId` for `query` (filter, sort, keyset cursor, page
 * size), with the exact number of matching backers. Pages are found by keyset on (sort key,
 * backer id), never OFFSET, so page 5,000 costs what page 1 costs and rows are neither skipped nor
 * repeated when the sort key has ties. The caller must already have checked that the user may see
 * the project. Throws INVALID_INPUT for a cursor that does not belong to this sort, NOT_FOUND for
 * a segment that is not the project's.
 */
export async function listBackerReport(
  projectId: string,
  query: BackerReportQuery,
  db: Db = prisma,
  options: { indexOrderBudgetMs?: number } = {},
): Promise<BackerReportPage> {
  const page = await listBackerReportWithPendingCount(projectId, query, db, options);
  return { ...page, totalCount: await page.totalCount };
}

/**
 * listBackerReport, answering as soon as the rows are found: the exact count (a filtered count
 * may read every matching backer) is left running and handed back as a promise, so a page can show
 * the rows first. The count's failure is the caller's to handle when it awaits it.
 */
export async function listBackerReportWithPendingCount(
  projectId: string,
  query: BackerReportQuery,
  db: Db = prisma,
  options: { indexOrderBudgetMs?: number } = {},
): Promise<BackerReportPageCounting> {
  const { sort, dir, pageSize } = query;
  const cursor = query.cursor ? decodeCursorOrThrow(query.cursor.token, sort, dir) : null;
  const backwards = query.cursor?.direction === "before";
  const reverse = (d: SortDirection): SortDirection => (d === "asc" ? "desc" : "asc");
  const segment = query.filter.segmentId
    ? await resolveSegmentMembershipSqlOrThrow(projectId, query.filter.segmentId, db)
    : null;
  const where = buildBackerReportWhereSql(projectId, query.filter, segment);

  const travel = backwards ? reverse(dir) : dir;
  const limit = pageSize + 1;

  let found: { rows: BackerReportRow[]; sortValues: CursorValue[] };
  let totalCount: Promise<number>;
  const unfiltered =
    !hasPledgeCondition(query.filter) && !hasBackerCondition(query.filter) && query.filter.hasTracking === undefined;
  if (PLEDGE_SORTS.has(sort) && unfiltered) {
    // Guess that every backer has a pledge (the usual case) and check it with the count; the
    // backers without one are only needed where their nulls fall on this page.
    const column = SORT_COLUMNS[sort];
    const [pledged, counts] = await Promise.all([
      queryPageRows(db, pledgeSortPageSql(projectId, column, travel, cursor, limit, false), travel),
      countBackersAndPledges(db, projectId),
    ]);
    const nullsAhead = travel === "asc" ? pledged.rows.length < limit : cursor === null || cursor.value === null;
    found =
      counts.backers > counts.pledges && nullsAhead
        ? await queryPageRows(db, pledgeSortPageSql(projectId, column, travel, cursor, limit, true), travel)
        : pledged;
    // This count is the cheap unfiltered one, and the page needs it anyway.
    totalCount = Promise.resolve(counts.backers);
  } else {
    // The page and the count are independent: run them on two connections at once.
    totalCount = countMatching(db, projectId, query.filter, segment);
    // Marked as handled: when the rows fail first, nobody awaits the count.
    totalCount.catch(() => undefined);
    found = await (unfiltered
      ? queryBackerReportRows(db, where, sort, travel, cursor, limit)
      : queryFilteredPageRows(
          db,
          where,
          sort,
          travel,
          cursor,
          limit,
          options.indexOrderBudgetMs ?? INDEX_ORDER_BUDGET_MS,
        ));
  }

  // One extra row tells whether more rows lie in the direction of travel.
  const more = found.rows.length > pageSize;
  let rows = found.rows.slice(0, pageSize);
  let values = found.sortValues.slice(0, pageSize);
  if (backwards) {
    rows = rows.reverse();
    values = values.reverse();
  }
  const token = (i: number) => encodeBackerReportCursor(sort, dir, values[i], rows[i].id);
  const hasNext = backwards ? cursor !== null : more;
  const hasPrev = backwards ? more : cursor !== null;
  return {
    rows,
    totalCount,
    nextCursor: rows.length > 0 && hasNext ? token(rows.length - 1) : null,
    prevCursor: rows.length > 0 && hasPrev ? token(0) : null,
  };
}
