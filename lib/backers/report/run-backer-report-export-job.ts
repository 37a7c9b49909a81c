import "server-only";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { DomainError } from "@/lib/errors";
import type { JobOutputFile } from "@/lib/jobs/job-output-file";
import type { ProjectJobRunner } from "@/lib/jobs/project-job-runner";
import { writeJobOutput } from "@/lib/jobs/write-job-output";
import { backerReportExportMediaType } from "./backer-report-export-file";
import { BackerReportExportJobPayloadSchema } from "./backer-report-export-job-payload";
import { generateBackerReportExport } from "./generate-backer-report-export";
import type { ExportBackerReportOptions } from "./read-backer-report-export-batches";
import { countBackerSelection } from "./resolve-backer-selection";

/** What the creator sees of a finished export (the dialog and the Activity page). */
export type BackerReportExportJobResult = { rows: number; format: "csv" | "xlsx"; file: JobOutputFile };

const n = (value: number) => value.toLocaleString("en-US");

/**
 * The worker's side of a large export: the same file the immediate download sends, written in
 * keyset batches into the job's stored rounds (never all rows in memory), then marked done with
 * the file named in the result. A retry after a crash writes the whole file again under its own
 * attempt; only the attempt that finished is ever downloaded.
 */
export async function runBackerReportExportJobWith(
  context: Parameters<ProjectJobRunner>[0],
  options: Pick<ExportBackerReportOptions, "batchSize" | "onBatch"> & { chunkBytes?: number } = {},
): Promise<void> {
  const { job, reportProgress, finishInTransaction } = context;
  const payload = BackerReportExportJobPayloadSchema.safeParse(job.payload);
  if (!payload.success) throw new DomainError("INVALID_INPUT", "This export was started by an older version of Pledgehouse. Export again from the backer report.");
  const { selection, sort, dir, format, fileName, timeZone } = payload.data;
  reportProgress("Counting backers", 0);
  const expected = await countBackerSelection(job.projectId, selection);
  let rows = 0;
  const body = generateBackerReportExport(job.projectId, selection, format, {
    sort,
    dir,
    timeZone,
    batchSize: options.batchSize,
    onBatch: (batch) => {
      rows = batch.total;
      options.onBatch?.(batch);
      // The last few percent are the file's end and the job's "done"; rows may grow meanwhile.
      reportProgress(`Writing backers (${n(rows)} of ${n(Math.max(rows, expected))})`, (rows / Math.max(rows, expected, 1)) * 95);
    },
  });
  const written = await writeJobOutput(job.id, job.attempts, body, options.chunkBytes);
  const result: BackerReportExportJobResult = {
    rows,
    format,
    file: { name: fileName, mediaType: backerReportExportMediaType(format), attempt: job.attempts, bytes: written.bytes },
  };
  await runInTransaction(async (tx) => {
    // A killed earlier run's rounds are of no use once this run is the file.
    await tx.projectJobOutputChunk.deleteMany({ where: { jobId: job.id, attempt: { not: job.attempts } } });
    await finishInTransaction(tx, result);
  });
}

/** The runner the worker registers for BACKER_REPORT_EXPORT. */
export const runBackerReportExportJob: ProjectJobRunner = (context) => runBackerReportExportJobWith(context);
