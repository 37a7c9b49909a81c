import { z } from "zod";
import { BackerReportSortKeySchema, SortDirectionSchema } from "./backer-report-query-schema";
import { BackerSelectionSchema } from "./resolve-backer-selection";

/** What a backer report export job needs: the view as the creator saw it when they exported. */
export const BackerReportExportJobPayloadSchema = z.object({
  selection: BackerSelectionSchema,
  sort: BackerReportSortKeySchema,
  dir: SortDirectionSchema,
  format: z.enum(["csv", "xlsx"]),
  fileName: z.string().min(1),
  /** The project's zone when the export was asked for: the file's times are on that clock. */
  timeZone: z.string().min(1),
});
export type BackerReportExportJobPayload = z.infer<typeof BackerReportExportJobPayloadSchema>;
