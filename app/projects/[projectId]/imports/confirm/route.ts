import { startBackerImportJob } from "@/lib/backers/import/start-backer-import-job";
import { readBackerImportFormOrThrow } from "@/lib/backers/import/read-backer-import-form";
import { prisma } from "@/lib/db/client";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { domainErrorResponse, guardImportRoute, jsonResponse, readImportRouteForm } from "../import-route-guard";

/**
 * Confirm step: the page posts the same files again with the preview's `importId`; they are checked
 * against the preview, stored, and the import is queued as a job for the worker, answered at once
 * with `{ jobId }` (202). The job applies it in one transaction (all or nothing) if the files and
 * the project still match the preview; the page follows it through /projects/<id>/jobs?id=<jobId>.
 */
export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  const { projectId } = await params;
  const guard = await guardImportRoute(request, projectId, "edit");
  if (!guard.ok) return guard.response;
  const posted = await readImportRouteForm(request, REQUEST_BODY_LIMITS.upload);
  if (!posted.ok) return posted.response;
  try {
    const form = await readBackerImportFormOrThrow(posted.form, { requireImportId: true });
    const { jobId } = await prisma.$transaction((tx) => startBackerImportJob(tx, { projectId: guard.project.id, actorId: guard.user.id, form }), {
      // Storing a large upload (tens of megabytes) takes longer than Prisma's default 5 s under load.
      timeout: 120_000,
    });
    return jsonResponse(202, { jobId });
  } catch (error) {
    return domainErrorResponse(error);
  }
}
