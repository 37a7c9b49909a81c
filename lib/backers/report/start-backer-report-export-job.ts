import "server-only";
import type { Tx } from "@/lib/db/client";
import { enqueueProjectJob } from "@/lib/jobs/enqueue-project-job";
import type { BackerReportExportJobPayload } from "./backer-report-export-job-payload";

/**
 * "Export CSV"/"Export Excel" of more than a page of backers: queues the export for the worker, in
 * `tx`, with the view (selection, sort) as the creator sees it now. `rows` is the count the
 * creator was shown; the job counts again when it runs.
 */
export async function startBackerReportExportJob(
  tx: Tx,
  input: { projectId: string; actorId: string; rows: number; export: BackerReportExportJobPayload },
): Promise<{ jobId: string }> {
  const what = input.export.format === "xlsx" ? "Excel" : "CSV";
  const job = await enqueueProjectJob(tx, {
    projectId: input.projectId,
    kind: "BACKER_REPORT_EXPORT",
    title: `Export ${input.rows.toLocaleString("en-US")} ${input.rows === 1 ? "backer" : "backers"} as ${what}`,
    createdById: input.actorId,
    payload: input.export,
  });
  return { jobId: job.id };
}
