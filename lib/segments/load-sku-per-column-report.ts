import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { WorkbookColumn } from "@/lib/spreadsheets/write-workbook-stream";
import { DomainError } from "@/lib/errors";
import { zonedHeading } from "@/lib/projects/zoned-time";
import { segmentWhereSql } from "./segment-where-sql";
import { withSegmentQuerySettings } from "./with-segment-query-settings";

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

/** The SKU per Column report's cells, typed: amounts in the currency's units, Pledged At a Date. */
export type SkuPerColumnReport = {
  headers: string[];
  /** How each column is typed in a workbook: identifiers as text, amounts and quantities as numbers, Pledged At a date. */
  columns: WorkbookColumn[];
  rows: (string | number | Date | null)[][];
  /** The project's zone: Pledged At is on its clock, and its heading names it. */
  timeZone: string;
  /** Decimal places of the project's currency (2 for USD, 0 for JPY). */
  currencyDigits: number;
  /** "early-birds-sku-per-column-2026-12-07", without extension. */
  baseName: string;
};

/**
 * "Export Reports" → "SKU per Column" for a segment: one row per backer in the segment (evaluated
 * now) with Pledged At, and one quantity column per item of the project: the pledge level's
 * contents, add-ons and free incentive items (undone incentives excluded). Amounts are in the
 * project's currency. NOT_FOUND for a segment of another project.
 */
export async function loadSkuPerColumnReport(
  db: Tx,
  projectId: string,
  segmentId: string,
): Promise<SkuPerColumnReport> {
  return withSegmentQuerySettings(db, async (tx) => {
    const segment = /^[0-9a-f-]{36}$/i.test(segmentId)
      ? await tx.segment.findFirst({ where: { id: segmentId, projectId }, select: { id: true, name: true } })
      : null;
    if (!segment) throw new DomainError("NOT_FOUND", "Segment not found");
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { currency: true, timeZone: true } });
    const items = await tx.item.findMany({
      where: { projectId },
      orderBy: [{ isAddOn: "asc" }, { name: "asc" }],
      select: { id: true, name: true, sku: true },
    });
    const { where } = await segmentWhereSql(tx, projectId, { type: "inAnyOfTheseSegments", segmentIds: [segment.id] });
    const rows = await tx.$queryRaw<Row[]>(Prisma.sql`
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
      ...SKU_PER_COLUMN_FIXED_HEADERS.map((header) => (header === "Pledged At" ? zonedHeading(header, project.timeZone) : header)),
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
    const slug =
      segment.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 60) || "segment";
    return {
      headers,
      columns,
      timeZone: project.timeZone,
      currencyDigits,
      baseName: `${slug}-sku-per-column-${new Date().toISOString().slice(0, 10)}`,
      rows: rows.map((row) => [
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
      ]),
    };
  });
}
