import "server-only";
import { backerSelectionWhereSqlOrThrow, type BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { toCsv, type CsvCell } from "@/lib/csv/to-csv";
import { prisma, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
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
 * The "Download CSV template" file for the selected backers, as text chunks: one row per backer
 * (by backer number) with what a creator needs to find the parcel — Backer Number, Email, Name,
 * Reward, Shipping Country — and empty Tracking Number, Carrier (optional) and Tracking URL
 * (optional) columns. UTF-8 with BOM and CRLF (lib/csv/to-csv), so Excel, Numbers and Google
 * Sheets open it cleanly. Read in keyset batches, so 250,000 backers never sit in memory at once.
 */
export async function* generateTrackingTemplateCsv(
  projectId: string,
  selection: BackerSelection,
  db: Tx | typeof prisma = prisma,
): AsyncGenerator<string> {
  const where = await backerSelectionWhereSqlOrThrow(projectId, selection, db);
  const prefix = toCsv(TRACKING_TEMPLATE_HEADERS, []);
  yield prefix;
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
    const cells: CsvCell[][] = rows.map((row) => [row.backer_number, row.email, row.name, row.reward ?? "No reward", row.shipping_country ?? "", "", "", ""]);
    yield toCsv(TRACKING_TEMPLATE_HEADERS, cells).slice(prefix.length);
    if (rows.length < BATCH_SIZE) return;
    const last = rows[rows.length - 1];
    after = { number: last.backer_number, id: last.id };
  }
}

/** The template as a download Response; the caller has checked membership and parsed the selection. */
export function trackingTemplateResponse(projectId: string, selection: BackerSelection, projectName: string): Response {
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
  const slug = projectName.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "project";
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="tracking-numbers-${slug}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
