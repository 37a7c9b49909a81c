import "server-only";
import type { Tx } from "@/lib/db/client";
import type { TransactionOptions } from "@/lib/db/run-in-transaction";
import { Prisma } from "@/lib/db/generated/client";
import type { WorkbookColumn } from "@/lib/spreadsheets/write-workbook-stream";
import { DomainError } from "@/lib/errors";
import { isUuid } from "@/lib/projects/is-uuid";
import { zonedHeading } from "@/lib/projects/zoned-time";
import { countBackersWhere } from "./count-segment-backers";
import { segmentWhereSql } from "./segment-where-sql";
import { SEGMENT_QUERY_WORK_MEM } from "./with-segment-query-settings";

/** The fixed columns of the SKU per Column report, before one quantity column per item. */
export const SKU_PER_COLUMN_FIXED_HEADERS = [
  "Backer Number",
  "Backer UID",
  "Backer Name",
  "Email",
  "Country",
  "Pledge Level",
  "Pledge Amount",
  "Pledge Status",
  "Pledged At",
  "Complimentary Credit",
] as const;

/** Rows fetched from the report's cursor at a time: 250,000 backers take 50 rounds, and only one is ever in memory. */
export const SKU_PER_COLUMN_BATCH_SIZE = 5_000;

/**
 * How the report's transaction is opened (by the route or the job, runInTransaction): one
 * snapshot for the count and every round of the cursor, so the file lists exactly the backers
 * counted; read-only; memory for the segment's hash tables; and long enough for 250,000 backers
 * written into a job's stored rounds on a busy machine (it holds no locks).
 */
export const SKU_PER_COLUMN_TRANSACTION: TransactionOptions = {
  isolation: "repeatable read",
  readOnly: true,
  timeout: 30 * 60_000,
  maxWait: 30_000,
  settings: { work_mem: SEGMENT_QUERY_WORK_MEM },
};

type Row = {
  backer_number: number | null;
  platform_uid: string | null;
  name: string;
  email: string;
  country: string | null;
  level: string | null;
  amount: number;
  status: string;
  pledged_at: Date;
  credit: number;
  items: Record<string, number> | null;
};

export type SkuPerColumnCell = string | number | Date | null;

/** The SKU per Column report of one segment: its shape, and its rows to read in rounds. */
export type SkuPerColumnReport = {
  segmentName: string;
  headers: string[];
  /** How each column is typed in a workbook: identifiers as text, amounts and quantities as numbers, Pledged At a date. */
  columns: WorkbookColumn[];
  /** The project's zone: Pledged At is on its clock, and its heading names it. */
  timeZone: string;
  /** Decimal places of the project's currency (2 for USD, 0 for JPY). */
  currencyDigits: number;
  /** How many rows `batches` gives: the segment's backers in the transaction's snapshot. */
  rows: number;
  /**
   * The rows (amounts in the currency's units, Pledged At a Date), ordered by Pledged At, one
   * round of at most `batchSize` at a time. Read once, inside the transaction that opened it.
   */
  batches: AsyncGenerator<SkuPerColumnCell[][]>;
};

export type OpenSkuPerColumnReportOptions = {
  batchSize?: number;
  /** The zone to write times in (a job uses the one of when it was asked for); default the project's. */
  timeZone?: string;
  /** Called after each round is read, with its size and the rows read so far. */
  onBatch?: (batch: { rows: number; total: number }) => void;
};

/** The project's segment `segmentId`; NOT_FOUND, saying what to do, for any other id. */
async function findSegmentOrThrow(tx: Tx, projectId: string, segmentId: string): Promise<{ id: string; name: string }> {
  const segment = isUuid(segmentId)
    ? await tx.segment.findFirst({ where: { id: segmentId, projectId }, select: { id: true, name: true } })
    : null;
  if (!segment)
    throw new DomainError(
      "NOT_FOUND",
      "This segment does not exist in this project. Open the Segments page and export from there.",
    );
  return segment;
}

/**
 * "Export Reports" → "SKU per Column" for a segment: one row per backer in the segment (evaluated
 * in `tx`'s snapshot) with Pledged At, and one quantity column per item of the project: the pledge
 * level's contents, add-ons and free incentive items (undone incentives excluded). Amounts are in
 * the project's currency. NOT_FOUND for a segment of another project.
 *
 * The rows come from a Postgres cursor over the one query, fetched in rounds, so at 250,000
 * backers the process holds one round. `tx` must stay open until `batches` is read: open it with
 * SKU_PER_COLUMN_TRANSACTION.
 */
export async function openSkuPerColumnReport(
  tx: Tx,
  projectId: string,
  segmentId: string,
  options: OpenSkuPerColumnReportOptions = {},
): Promise<SkuPerColumnReport> {
  const { batchSize = SKU_PER_COLUMN_BATCH_SIZE } = options;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new Error(`batchSize must be a positive integer, not ${batchSize}`);
  const segment = await findSegmentOrThrow(tx, projectId, segmentId);
  const project = await tx.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { currency: true, timeZone: true },
  });
  const timeZone = options.timeZone ?? project.timeZone;
  const items = await tx.item.findMany({
    where: { projectId },
    orderBy: [{ isAddOn: "asc" }, { name: "asc" }],
    select: { id: true, name: true, sku: true },
  });
  const { where } = await segmentWhereSql(tx, projectId, { type: "inAnyOfTheseSegments", segmentIds: [segment.id] });
  const rows = await countBackersWhere(tx, where);
  // A cursor rather than keyset rounds: the segment's condition is evaluated once, not once per
  // round, and every round reads the snapshot the count was taken in.
  await tx.$executeRaw(Prisma.sql`
    DECLARE sku_per_column NO SCROLL CURSOR FOR
      WITH members AS MATERIALIZED (
        SELECT b.backer_number, b.platform_uid, b.name, b.email, b.country, b.id AS backer_id,
               p.id AS pledge_id, p.pledge_level_id, p.amount, p.status::text AS status, p.pledged_at
        FROM backer b JOIN pledge p ON p.backer_id = b.id WHERE ${where}
      ),
      lines AS (
        SELECT cl.pledge_id, cl.item_id, cl.quantity FROM cart_line cl JOIN members m ON m.pledge_id = cl.pledge_id
        WHERE cl.incentive_grant_id IS NULL
           OR EXISTS (SELECT 1 FROM incentive_grant ig WHERE ig.id = cl.incentive_grant_id AND ig.undone_at IS NULL)
        UNION ALL
        -- The level's contents, for pledges whose import did not write them out as cart lines.
        SELECT m.pledge_id, pli.item_id, pli.quantity FROM members m JOIN pledge_level_item pli ON pli.pledge_level_id = m.pledge_level_id
        WHERE NOT EXISTS (SELECT 1 FROM cart_line c2 WHERE c2.pledge_id = m.pledge_id AND c2.source = 'PLEDGE_LEVEL')
      ),
      per_item AS (SELECT pledge_id, item_id, sum(quantity)::int AS q FROM lines GROUP BY 1, 2),
      items AS (SELECT pledge_id, jsonb_object_agg(item_id::text, q) AS items FROM per_item GROUP BY 1),
      credits AS (
        SELECT ce.pledge_id, sum(ce.amount)::int AS credit FROM credit_entry ce JOIN members m ON m.pledge_id = ce.pledge_id GROUP BY 1
      )
      SELECT m.backer_number, m.platform_uid, m.name, m.email, m.country, lvl.name AS level, m.amount, m.status,
             m.pledged_at, coalesce(c.credit, 0) AS credit, i.items
      FROM members m
      LEFT JOIN pledge_level lvl ON lvl.id = m.pledge_level_id
      LEFT JOIN items i ON i.pledge_id = m.pledge_id
      LEFT JOIN credits c ON c.pledge_id = m.pledge_id
      ORDER BY m.pledged_at, m.backer_id`);
  const headers = [
    ...SKU_PER_COLUMN_FIXED_HEADERS.map((header) =>
      header === "Pledged At" ? zonedHeading(header, timeZone) : header,
    ),
    ...items.map((item) => (item.sku ? `${item.name} (${item.sku})` : item.name)),
  ];
  const currencyDigits =
    new Intl.NumberFormat("en-US", { style: "currency", currency: project.currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  const units = (minor: number) => minor / 10 ** currencyDigits;
  const columns: WorkbookColumn[] = headers.map((header, index) => ({
    header,
    kind:
      index === 6 || index === 9
        ? "amount"
        : index === 8
          ? "date"
          : index >= SKU_PER_COLUMN_FIXED_HEADERS.length
            ? "integer"
            : "text",
  }));
  // A fixed number of rows per round, written into the statement (FETCH takes no parameters).
  const fetch = Prisma.sql`FETCH FORWARD ${Prisma.raw(String(batchSize))} FROM sku_per_column`;
  async function* batches(): AsyncGenerator<SkuPerColumnCell[][]> {
    let total = 0;
    let closed = false;
    try {
      for (;;) {
        const round = await tx.$queryRaw<Row[]>(fetch);
        if (round.length === 0) break;
        total += round.length;
        options.onBatch?.({ rows: round.length, total });
        yield round.map((row) => [
          row.backer_number,
          row.platform_uid,
          row.name,
          row.email,
          row.country,
          row.level,
          units(row.amount),
          row.status.toLowerCase(),
          row.pledged_at,
          units(row.credit),
          ...items.map((item) => row.items?.[item.id] ?? 0),
        ]);
        if (round.length < batchSize) break;
      }
      await tx.$executeRaw`CLOSE sku_per_column`;
      closed = true;
    } finally {
      // A reader that stopped early (a closed download): the cursor goes with its transaction, but
      // close it now in case the transaction goes on.
      if (!closed) await tx.$executeRaw`CLOSE sku_per_column`.catch(() => {});
    }
  }
  return { segmentName: segment.name, headers, columns, timeZone, currencyDigits, rows, batches: batches() };
}
