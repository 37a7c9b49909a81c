import "server-only";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { DomainError } from "@/lib/errors";
import type { ProjectJobRunner } from "@/lib/jobs/project-job-runner";
import { BackerImportJobPayloadSchema } from "./backer-import-job-payload";
import { applyBackerImport, BACKER_IMPORT_TRANSACTION } from "./import-backers";

const PHASES = {
  reading: { label: "Reading the file", from: 0, to: 10 },
  planning: { label: "Checking every row", from: 10, to: 20 },
  writing: { label: "Saving backers", from: 20, to: 99 },
} as const;

/**
 * The worker's side of confirming an import: the apply (files read and planned again in the
 * transaction this opens, the preview's digest checked in it), with the job marked done in that
 * same transaction. The result keeps the counts the import page shows, not the problems (those stay
 * on the import record).
 */
export const runBackerImportJob: ProjectJobRunner = async ({ job, uploads, reportProgress, finishInTransaction }) => {
  const payload = BackerImportJobPayloadSchema.safeParse(job.payload);
  if (!payload.success || uploads.length === 0) {
    throw new DomainError(
      "INVALID_INPUT",
      "The uploaded files are no longer stored (uploads are kept for a limited time). Upload them again. Nothing was changed.",
    );
  }
  const { importId, levelKinds, launchedAt, newPledgeDefaults } = payload.data;
  // The import and "done" commit together: a retry after a crash finds both or neither.
  await runInTransaction(async (tx) => {
    const result = await applyBackerImport(
      tx,
      job.projectId,
      {
        importId,
        files: uploads.map((upload) => ({ name: upload.fileName, bytes: upload.bytes })),
        levelKinds: levelKinds ?? undefined,
        launchedAt: launchedAt ? new Date(launchedAt) : undefined,
        newPledgeDefaults: newPledgeDefaults
          ? { pledgedAt: newPledgeDefaults.pledgedAt ? new Date(newPledgeDefaults.pledgedAt) : undefined, status: newPledgeDefaults.status ?? undefined }
          : undefined,
      },
      job.createdById,
      (progress) => {
        const phase = PHASES[progress.phase];
        const fraction = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
        reportProgress(phase.label, phase.from + (phase.to - phase.from) * fraction);
      },
    );
    await finishInTransaction(tx, {
      importId: result.importId,
      added: result.added,
      updated: result.updated,
      unchanged: result.unchanged,
      pledgeLevelsCreated: result.pledgeLevelsCreated,
      itemsCreated: result.itemsCreated,
    });
  }, BACKER_IMPORT_TRANSACTION);
};
