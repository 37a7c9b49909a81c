import { DEFAULT_BACKER_REPORT_PAGE_SIZE } from "./backer-report-query-schema";

export type BackerReportExportFormat = "csv" | "xlsx";

/**
 * An export of more rows than one report page runs as a job in the worker (the creator downloads
 * the file when it is written); one page or less is answered at once, as the page itself is.
 */
export function backerReportExportRunsAsJob(rows: number): boolean {
  return rows > DEFAULT_BACKER_REPORT_PAGE_SIZE;
}

/** "Tidewater: Second Edition" → "tidewater-second-edition"; a file name every OS accepts. */
function fileSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "project";
}

/** The export's file name: "tidewater-second-edition-backers-2026-12-07.csv" (the date in UTC, when it was asked for). */
export function backerReportExportFileName(projectName: string, format: BackerReportExportFormat, at: Date = new Date()): string {
  return `${fileSlug(projectName)}-backers-${at.toISOString().slice(0, 10)}.${format}`;
}

/** The file's media type, for whoever sends it. */
export function backerReportExportMediaType(format: BackerReportExportFormat): string {
  return format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8";
}
