import { BACKER_IMPORT_TRANSACTION, previewBackerImport } from "@/lib/backers/import/import-backers";
import { readBackerImportFormOrThrow } from "@/lib/backers/import/read-backer-import-form";
import { summarizeBackerImportPreview } from "@/lib/backers/import/summarize-backer-import-preview";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { projectRoute } from "@/lib/http/project-route";
import { jsonRouteResponse } from "@/lib/http/route-responses";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { IMPORT_CROSS_SITE_MESSAGE, IMPORT_FORM_MESSAGES } from "../import-route-options";

/**
 * Upload step of "Import backers": reads the posted CSV, ZIP or workbook (and the column mapping
 * and the workbook's sheet, when the creator chose them), compares it with the project and answers
 * the preview as JSON. Changes no backer; records the preview (or the rejection) in the imports
 * history. A route handler rather than a server action because a 250,000-row report is ~62 MB.
 */
export const POST = projectRoute(
  {
    permission: "edit",
    format: "json",
    crossSite: IMPORT_CROSS_SITE_MESSAGE,
    form: { limit: REQUEST_BODY_LIMITS.upload, messages: IMPORT_FORM_MESSAGES },
  },
  async ({ project, user, form: posted }) => {
    const { files, mapping, sheets } = await readBackerImportFormOrThrow(posted);
    const preview = await runInTransaction(
      (tx) => previewBackerImport(tx, project.id, files, { mapping, sheets }, user.id),
      BACKER_IMPORT_TRANSACTION,
    );
    return jsonRouteResponse({ ok: true, data: summarizeBackerImportPreview(preview) });
  },
);
