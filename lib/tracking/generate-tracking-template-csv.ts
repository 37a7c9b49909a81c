import "server-only";
import { backerSelectionWhereSqlOrThrow, type BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { toCsv, type CsvCell } from "@/lib/csv/to-csv";
import { prisma, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { downloadSlug, workbookStream, type WorkbookColumn } from "@/lib/spreadsheets/write-workbook-stream";
import { TRACKING_TEMPLATE_HEADERS } from "./read-tracking-file";

type TemplateRow = {
  id: string;
  backer_number: number | null;
  email: string;
  name: string;
  reward: string | null;
  shipping_country: string | null;
};

const BATCH_SIZE = 5_000;

/**
 * The template's rows for the selected backers, a keyset batch at a time (so 250,000 backers never
 * sit in memory at once): one row per backer (by backer number) with what a creator needs to find
 * the parcel — Backer Number, Email, Name, Reward, Shipping Country — and empty Tracking Number,
 * Carrier (optional) and Tracking URL (optional) cells.
 */
export async function* generateTrackingTemplateRows(
  projectId: string,
  selection: BackerSelection,
  db: Tx | typeof prisma = prisma,
): AsyncGenerator<CsvCell[][]> {
  const where = await backerSelectionWhereSqlOrThrow(projectId, selection, db);
  // Backers without a number sort last (by id); the cursor walks (number, id) with NULLs as +∞.
  let after: { number: number | null; id: string } | null = null;
  for (;;) {
    const cursor: Prisma.Sql = after
      ? after.number === null
        ? Prisma.sql`AND b.backer_number IS NULL AND b.id > ${after.id}::uuid`
        : Prisma.sql`AND (b.backer_number > ${after.number} OR b.backer_number IS NULL OR (b.backer_number = ${after.number} AND b.id > ${after.id}::uuid))`
      : Prisma.empty;
    const rows: TemplateRow[] = await db.$queryRaw<TemplateRow[]>(Prisma.sql`
      SELECT b.id::text AS id, b.backer_number, b.email, b.name, pl.name AS reward,
             coalesce(nullif(b.shipping_country_name, ''), b.country) AS shipping_country
        FROM backer b
        LEFT JOIN pledge p ON p.backer_id = b.id
        LEFT JOIN pledge_level pl ON pl.id = p.pledge_level_id
       WHERE ${where} ${cursor}
       ORDER BY b.backer_number ASC NULLS LAST, b.id ASC
       LIMIT ${BATCH_SIZE}`);
    if (rows.length === 0) return;
    yield rows.map((row) => [row.backer_number, row.email, row.name, row.reward ?? "No reward", row.shipping_country ?? "", "", "", ""]);
    if (rows.length < BATCH_SIZE) return;
    const last = rows[rows.length - 1];
    after = { number: last.backer_number, id: last.id };
  }
}

/**
 * The "Download CSV template" file as text chunks: UTF-8 with BOM and CRLF (lib/csv/to-csv), so
 * Excel, Numbers and Google Sheets open it cleanly.
 */
export async function* generateTrackingTemplateCsv(
  projectId: string,
  selection: BackerSelection,
  db: Tx | typeof prisma = prisma,
): AsyncGenerator<string> {
  const prefix = toCsv(TRACKING_TEMPLATE_HEADERS, []);
  const batches = generateTrackingTemplateRows(projectId, selection, db);
  // The first batch resolves the selection, so a stale one fails before the header is sent.
  const first = await batches.next();
  yield prefix;
  if (first.done) return;
  yield toCsv(TRACKING_TEMPLATE_HEADERS, first.value).slice(prefix.length);
  for await (const cells of batches) yield toCsv(TRACKING_TEMPLATE_HEADERS, cells).slice(prefix.length);
}

/**
 * The template's columns in a workbook: Backer Number a number (Excel shows it as typed), every
 * other column Text, so a tracking number pasted or typed into it keeps all its digits.
 */
const TEMPLATE_WORKBOOK_COLUMNS: WorkbookColumn[] = TRACKING_TEMPLATE_HEADERS.map((header, index) => ({
  header,
  kind: index === 0 ? "integer" : "text",
  width: index === 0 ? 15 : index === 5 ? 28 : index === 7 ? 36 : 22,
}));

/**
 * The template to download (CSV or Excel workbook) as a byte stream and its file name; the caller
 * has checked membership and parsed the selection, and writes the HTTP answer.
 */
export function trackingTemplateFile(
  projectId: string,
  selection: BackerSelection,
  projectName: string,
  format: "csv" | "xlsx" = "csv",
): { fileName: string; body: ReadableStream<Uint8Array> } {
  const slug = downloadSlug(projectName);
  if (format === "xlsx") {
    return {
      fileName: `tracking-numbers-${slug}.xlsx`,
      body: workbookStream("Tracking numbers", TEMPLATE_WORKBOOK_COLUMNS, generateTrackingTemplateRows(projectId, selection)),
    };
  }
  const encoder = new TextEncoder();
  const chunks = generateTrackingTemplateCsv(projectId, selection);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return { fileName: `tracking-numbers-${slug}.csv`, body };
}
