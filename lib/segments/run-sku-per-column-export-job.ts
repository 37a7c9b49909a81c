import "server-only";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { DomainError } from "@/lib/errors";
import type { JobOutputFile } from "@/lib/jobs/job-output-file";
import type { ProjectJobRunner } from "@/lib/jobs/project-job-runner";
import { writeJobOutput } from "@/lib/jobs/write-job-output";
import { generateSkuPerColumnExport, skuPerColumnExportMediaType } from "./generate-sku-per-column-export";
import {
  openSkuPerColumnReport,
  SKU_PER_COLUMN_TRANSACTION,
  type OpenSkuPerColumnReportOptions,
} from "./open-sku-per-column-report";
import { SkuPerColumnExportJobPayloadSchema } from "./sku-per-column-export-file";

/** What the creator sees of a finished export (the dialog and the Activity page). */
export type SkuPerColumnExportJobResult = {
  rows: number;
  segmentName: string;
  format: "csv" | "xlsx";
  file: JobOutputFile;
};

const n = (value: number) => value.toLocaleString("en-US");

/**
 * The worker's side of a large SKU per Column export: the same file the immediate download sends,
 * read from the report's cursor round by round and written into the job's stored rounds (never
 * all rows in memory), then marked done with the file named in the result. A retry after a crash
 * writes the whole file again under its own attempt; only the attempt that finished is downloaded.
 */
export async function runSkuPerColumnExportJobWith(
  context: Parameters<ProjectJobRunner>[0],
  options: Pick<OpenSkuPerColumnReportOptions, "batchSize" | "onBatch"> & { chunkBytes?: number } = {},
): Promise<void> {
  const { job, reportProgress, finishInTransaction } = context;
  const payload = SkuPerColumnExportJobPayloadSchema.safeParse(job.payload);
  if (!payload.success)
    throw new DomainError(
      "INVALID_INPUT",
      "This export was started by an older version of Pledgehouse. Export again from the segment's Export Reports page.",
    );
  const { segmentId, format, fileName, timeZone } = payload.data;
  reportProgress("Counting backers", 0);
  // The rounds are stored outside this read-only transaction (writeJobOutput), which only holds
  // the snapshot the cursor reads.
  const { rows, segmentName, bytes } = await runInTransaction(async (tx) => {
    const report = await openSkuPerColumnReport(tx, job.projectId, segmentId, {
      timeZone,
      batchSize: options.batchSize,
      onBatch: (batch) => {
        options.onBatch?.(batch);
        // The last few percent are the file's end and the job's "done".
        reportProgress(
          `Writing backers (${n(batch.total)} of ${n(report.rows)})`,
          (batch.total / Math.max(report.rows, 1)) * 95,
        );
      },
    });
    const written = await writeJobOutput(
      job.id,
      job.attempts,
      generateSkuPerColumnExport(report, format),
      options.chunkBytes,
    );
    return { rows: report.rows, segmentName: report.segmentName, bytes: written.bytes };
  }, SKU_PER_COLUMN_TRANSACTION);
  const result: SkuPerColumnExportJobResult = {
    rows,
    segmentName,
    format,
    file: { name: fileName, mediaType: skuPerColumnExportMediaType(format), attempt: job.attempts, bytes },
  };
  await runInTransaction(async (tx) => {
    // A killed earlier run's rounds are of no use once this run is the file.
    await tx.projectJobOutputChunk.deleteMany({ where: { jobId: job.id, attempt: { not: job.attempts } } });
    await finishInTransaction(tx, result);
  });
}

/** The runner the worker registers for SEGMENT_SKU_EXPORT. */
export const runSkuPerColumnExportJob: ProjectJobRunner = (context) => runSkuPerColumnExportJobWith(context);
