import { z } from "zod";

export const SkuPerColumnExportFormatSchema = z.enum(["csv", "xlsx"]);
export type SkuPerColumnExportFormat = z.infer<typeof SkuPerColumnExportFormatSchema>;

/** What a SKU per Column export job needs: the segment, and the file as the creator asked for it. */
export const SkuPerColumnExportJobPayloadSchema = z.object({
  segmentId: z.uuid(),
  format: SkuPerColumnExportFormatSchema,
  fileName: z.string().min(1),
  /** The project's zone when the export was asked for: Pledged At is on that clock. */
  timeZone: z.string().min(1),
});
export type SkuPerColumnExportJobPayload = z.infer<typeof SkuPerColumnExportJobPayloadSchema>;

/** "Early Birds" → "early-birds-sku-per-column-2026-12-07.csv" (the date in UTC, when it was asked for). */
export function skuPerColumnExportFileName(
  segmentName: string,
  format: SkuPerColumnExportFormat,
  at: Date = new Date(),
): string {
  const slug =
    segmentName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "segment";
  return `${slug}-sku-per-column-${at.toISOString().slice(0, 10)}.${format}`;
}
