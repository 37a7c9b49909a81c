import "server-only";
import type { Tx } from "@/lib/db/client";
import { enqueueProjectJob } from "@/lib/jobs/enqueue-project-job";
import type { SkuPerColumnExportJobPayload } from "./sku-per-column-export-file";

/**
 * "Download SKU per Column" of a segment of more than a page of backers: queues the export for the
 * worker, in `tx`. `rows` and `segmentName` are what the creator was shown; the job reads the
 * segment again when it runs.
 */
export async function startSkuPerColumnExportJob(
  tx: Tx,
  input: {
    projectId: string;
    actorId: string;
    rows: number;
    segmentName: string;
    export: SkuPerColumnExportJobPayload;
  },
): Promise<{ jobId: string }> {
  const what = input.export.format === "xlsx" ? "Excel" : "CSV";
  const backers = `${input.rows.toLocaleString("en-US")} ${input.rows === 1 ? "backer" : "backers"}`;
  const job = await enqueueProjectJob(tx, {
    projectId: input.projectId,
    kind: "SEGMENT_SKU_EXPORT",
    title: `Export SKU per Column of “${input.segmentName}” (${backers}) as ${what}`,
    createdById: input.actorId,
    payload: input.export,
  });
  return { jobId: job.id };
}
