import {
  applyBackerImport,
  BACKER_IMPORT_TRANSACTION,
  previewBackerImport,
  type ApplyBackerImportRequest,
  type BackerImportOptions,
} from "@/lib/backers/import/import-backers";
import type { UploadedFile } from "@/lib/backers/import/read-backer-import-files";
import { runInTransaction } from "@/lib/db/run-in-transaction";

/** previewBackerImport in a transaction of its own, opened as the preview route opens it. */
export function previewImportInTransaction(projectId: string, files: UploadedFile[], options: BackerImportOptions = {}, actorId: string | null = null) {
  return runInTransaction((tx) => previewBackerImport(tx, projectId, files, options, actorId), BACKER_IMPORT_TRANSACTION);
}

/** applyBackerImport in a transaction of its own, opened as the import job opens it. */
export function applyImportInTransaction(
  projectId: string,
  request: ApplyBackerImportRequest,
  actorId: string | null,
  progress?: BackerImportOptions["onProgress"],
) {
  return runInTransaction((tx) => applyBackerImport(tx, projectId, request, actorId, progress), BACKER_IMPORT_TRANSACTION);
}
