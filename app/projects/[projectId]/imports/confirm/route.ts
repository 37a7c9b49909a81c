import { startBackerImportJob } from "@/lib/backers/import/start-backer-import-job";
import { readBackerImportFormOrThrow } from "@/lib/backers/import/read-backer-import-form";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { projectRoute } from "@/lib/http/project-route";
import { jsonRouteResponse } from "@/lib/http/route-responses";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { IMPORT_CROSS_SITE_MESSAGE, IMPORT_FORM_MESSAGES } from "../import-route-options";

/**
 * Confirm step: the page posts the same files again with the preview's `importId`; they are checked
 * against the preview, stored, and the import is queued as a job for the worker, answered at once
 * with `{ jobId }` (202). The job applies it in one transaction (all or nothing) if the files and
 * the project still match the preview; the page follows it through /projects/<id>/jobs?id=<jobId>.
 */
export const POST = projectRoute(
  {
    permission: "edit",
    format: "json",
    crossSite: IMPORT_CROSS_SITE_MESSAGE,
    form: { limit: REQUEST_BODY_LIMITS.upload, messages: IMPORT_FORM_MESSAGES },
  },
  async ({ project, user, form: posted }) => {
    const form = await readBackerImportFormOrThrow(posted, { requireImportId: true });
    const { jobId } = await runInTransaction(
      (tx) => startBackerImportJob(tx, { projectId: project.id, actorId: user.id, form }),
      {
        // Storing a large upload (tens of megabytes) takes longer than Prisma's default 5 s under load.
        timeout: 120_000,
      },
    );
    return jsonRouteResponse({ jobId }, 202);
  },
);
