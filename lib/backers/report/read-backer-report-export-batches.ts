import "server-only";
import { prisma, type Tx } from "@/lib/db/client";
import { isBackerReportFiltered, type BackerReportSortKey, type SortDirection } from "./backer-report-query-schema";
import { INDEX_ORDER_BUDGET_MS, queryBackerReportRows, type BackerReportRow, type DecodedCursor } from "./list-backer-report";
import { backerSelectionWhereSqlOrThrow, type BackerSelection } from "./resolve-backer-selection";

/** Big enough that 250,000 rows take 50 round trips, small enough that memory stays flat. */
export const BACKER_REPORT_EXPORT_BATCH_SIZE = 5_000;

export type ExportBackerReportOptions = {
  sort?: BackerReportSortKey;
  dir?: SortDirection;
  batchSize?: number;
  db?: Tx | typeof prisma;
  /** See queryBackerReportRows; defaults to the report page's budget. */
  indexOrderBudgetMs?: number;
  /** The project's zone: times are written on its clock, and their heading names it. Default UTC. */
  timeZone?: string;
  /** Called after each batch is read, with that batch's size and the rows read so far (progress, and tests of the rounds). */
  onBatch?: (batch: { rows: number; total: number }) => void;
};

/**
 * The selected backers' report rows in the view's order, one keyset batch at a time: the one
 * reading loop of the CSV and the workbook export, so at 250,000 backers only one batch is ever in
 * memory. Rows edited during the export appear once, with whichever version the batch read.
 */
export async function* readBackerReportExportBatches(
  projectId: string,
  selection: BackerSelection,
  options: ExportBackerReportOptions = {},
): AsyncGenerator<BackerReportRow[]> {
  const { sort = "number", dir = "asc", batchSize = BACKER_REPORT_EXPORT_BATCH_SIZE, db = prisma } = options;
  const where = await backerSelectionWhereSqlOrThrow(projectId, selection, db);
  let cursor: DecodedCursor | null = null;
  let total = 0;
  // The report page's fallback for a selection matching few backers of many. Ticked backers are
  // few by nature: found first, then sorted. A filtered view first tries the sort index under a
  // time budget; once a batch had to be found by filtering first, the rest are too, rather than
  // each spending the budget again. The unfiltered view reads the index in order (undefined):
  // sorting all 250,000 backers for every batch is what must never happen.
  let budgetMs: number | undefined =
    selection.kind === "ids" ? 0 : isBackerReportFiltered(selection.filter) ? (options.indexOrderBudgetMs ?? INDEX_ORDER_BUDGET_MS) : undefined;
  for (;;) {
    const { rows, sortValues, filteredFirst } = await queryBackerReportRows(db, where, sort, dir, cursor, batchSize, {
      indexOrderBudgetMs: budgetMs,
    });
    if (filteredFirst) budgetMs = 0;
    if (rows.length === 0) return;
    total += rows.length;
    options.onBatch?.({ rows: rows.length, total });
    yield rows;
    if (rows.length < batchSize) return;
    cursor = { value: sortValues[sortValues.length - 1], id: rows[rows.length - 1].id };
  }
}
