import { exportRunsAsJob } from "@/lib/jobs/export-runs-as-job";

export type BackerReportExportFormat = "csv" | "xlsx";

/** Whether a backer report export of `rows` runs as a job (see exportRunsAsJob). */
export function backerReportExportRunsAsJob(rows: number): boolean {
  return exportRunsAsJob(rows);
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
