import "server-only";
import { z } from "zod";
import { prisma, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { BackerReportFilterSchema } from "./backer-report-query-schema";
import { backerReportWhereSqlOrThrow } from "./list-backer-report";

/** Ticking rows one by one across pages stays well under this; beyond it, "select all matching" is the tool. */
export const MAX_EXPLICIT_SELECTION = 5_000;

/**
 * Which backers a bulk action applies to: rows ticked one by one, or every backer matching the
 * report's filter except the rows unticked afterwards. The browser sends only this description;
 * the server turns it into SQL, so selecting 250,000 backers never ships 250,000 ids.
 */
export const BackerSelectionSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("ids"),
    ids: z
      .array(z.uuid({ message: "A selected backer id is not valid. Reload the page and select again." }))
      .min(1, { message: "Select at least one backer." })
      .max(MAX_EXPLICIT_SELECTION, {
        message: `Select at most ${MAX_EXPLICIT_SELECTION.toLocaleString("en-US")} backers one by one, or use "Select all matching this filter".`,
      }),
  }),
  z.object({
    kind: z.literal("matching"),
    filter: BackerReportFilterSchema,
    exceptIds: z
      .array(z.uuid({ message: "An unselected backer id is not valid. Reload the page and select again." }))
      .max(MAX_EXPLICIT_SELECTION, {
        message: `Unselect at most ${MAX_EXPLICIT_SELECTION.toLocaleString("en-US")} backers; narrow the filter instead.`,
      })
      .default([]),
  }),
]);
export type BackerSelection = z.infer<typeof BackerSelectionSchema>;

type Db = Tx | typeof prisma;

/**
 * A subquery (`SELECT b.id FROM backer b …`) of the selected backers' ids, always limited to
 * `projectId`, so an id from another project can never slip into a bulk action. Use it inside a
 * set-based write, e.g. `INSERT … SELECT … WHERE b.id IN (${subquery})`. Evaluate it inside the
 * same transaction as the write so the set cannot change in between.
 */
/**
 * The selection as a WHERE condition over `backer b LEFT JOIN pledge p ON p.backer_id = b.id`,
 * always limited to `projectId`, so an id from another project can never slip into a bulk action.
 */
export async function backerSelectionWhereSqlOrThrow(projectId: string, selection: BackerSelection, db: Db = prisma): Promise<Prisma.Sql> {
  if (selection.kind === "ids") {
    return Prisma.sql`b.project_id = ${projectId}::uuid AND b.id = ANY(${selection.ids}::uuid[])`;
  }
  const where = await backerReportWhereSqlOrThrow(projectId, selection.filter, db);
  return selection.exceptIds.length > 0 ? Prisma.sql`${where} AND NOT (b.id = ANY(${selection.exceptIds}::uuid[]))` : where;
}

/**
 * A subquery (`SELECT b.id FROM backer b …`) of the selected backers' ids, limited to `projectId`.
 * Use it inside a set-based write, e.g. `INSERT … SELECT … WHERE b.id IN (${subquery})`, and
 * resolve it inside the same transaction as the write so the set cannot change in between.
 * Throws like listBackerReport for a segment that is not the project's.
 */
export async function resolveBackerSelectionSql(projectId: string, selection: BackerSelection, db: Db = prisma): Promise<Prisma.Sql> {
  const where = await backerSelectionWhereSqlOrThrow(projectId, selection, db);
  return Prisma.sql`SELECT b.id FROM backer b LEFT JOIN pledge p ON p.backer_id = b.id WHERE ${where}`;
}

/** How many backers the selection holds right now (ids of other projects or deleted rows do not count). */
export async function countBackerSelection(projectId: string, selection: BackerSelection, db: Db = prisma): Promise<number> {
  const subquery = await resolveBackerSelectionSql(projectId, selection, db);
  const [{ count }] = await db.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM (${subquery}) selected`;
  return count;
}

/**
 * The selected backers' ids, for callers that need them in memory (e.g. to queue one email per
 * backer). Prefer resolveBackerSelectionSql for writes: it keeps the ids in the database.
 */
export async function listBackerSelectionIds(projectId: string, selection: BackerSelection, db: Db = prisma): Promise<string[]> {
  const subquery = await resolveBackerSelectionSql(projectId, selection, db);
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id FROM (${subquery}) selected ORDER BY id`;
  return rows.map((r) => r.id);
}
