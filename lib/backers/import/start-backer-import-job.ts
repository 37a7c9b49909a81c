import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { enqueueProjectJob } from "@/lib/jobs/enqueue-project-job";
import type { BackerImportJobPayload } from "./backer-import-job-payload";
import { hashUploadedFiles } from "./import-backers";
import type { BackerImportForm } from "./read-backer-import-form";

/**
 * Confirming an import: checks the files are the previewed ones and the preview is still waiting,
 * then stores the files and queues the import for the worker, in `tx`. The job reads and plans them
 * again inside its transaction and refuses when the plan no longer matches the preview's digest.
 * Confirming again while its job waits or runs (a double click) answers with that job.
 */
export async function startBackerImportJob(
  tx: Tx,
  input: { projectId: string; actorId: string; form: BackerImportForm },
): Promise<{ jobId: string }> {
  const { form } = input;
  if (!form.importId) throw new DomainError("INVALID_INPUT", "Preview the file before importing it.");
  const record = await tx.import.findFirst({
    where: { id: form.importId, projectId: input.projectId, kind: "BACKERS" },
    select: { id: true, status: true, fileHash: true, fileName: true },
  });
  if (!record) throw new DomainError("NOT_FOUND", "Import not found.");
  if (record.status !== "PREVIEWED") {
    throw new DomainError(
      "CONFLICT",
      record.status === "APPLIED"
        ? "This import was already applied."
        : "This import was rejected; fix the file and upload it again.",
    );
  }
  if (record.fileHash !== hashUploadedFiles(form.files)) {
    throw new DomainError(
      "CONFLICT",
      "These are not the files that were previewed; upload them again to see a new preview.",
    );
  }
  // Serialises two confirms of one preview, so the second finds the first's job.
  await tx.$queryRaw`SELECT id FROM import WHERE id = ${record.id}::uuid FOR UPDATE`;
  const active = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM project_job
    WHERE project_id = ${input.projectId}::uuid AND kind = 'BACKER_IMPORT' AND status IN ('QUEUED', 'RUNNING')
      AND payload->>'importId' = ${record.id}
    LIMIT 1`;
  if (active[0]) return { jobId: active[0].id };
  const payload: BackerImportJobPayload = {
    importId: record.id,
    levelKinds: form.levelKinds ?? null,
    launchedAt: form.launchedAt?.toISOString() ?? null,
    newPledgeDefaults: form.newPledgeDefaults
      ? { pledgedAt: form.newPledgeDefaults.pledgedAt?.toISOString() ?? null, status: form.newPledgeDefaults.status ?? null }
      : null,
  };
  const job = await enqueueProjectJob(tx, {
    projectId: input.projectId,
    kind: "BACKER_IMPORT",
    title: `Import backers from ${record.fileName}`,
    createdById: input.actorId,
    payload,
    uploads: form.files.map((file) => ({ fileName: file.name, bytes: file.bytes })),
  });
  return { jobId: job.id };
}
