import { runInTransaction } from "@/lib/db/run-in-transaction";
import { projectRoute } from "@/lib/http/project-route";
import { jsonRouteResponse } from "@/lib/http/route-responses";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { readTrackingUploadFormOrThrow } from "@/lib/tracking/read-tracking-upload-form";
import { startTrackingApplyJob } from "@/lib/tracking/start-tracking-apply-job";
import { TRACKING_CROSS_SITE_MESSAGE, TRACKING_FORM_MESSAGES } from "../tracking-route-options";

/**
 * "Add tracking numbers": stores the previewed file and queues the apply as a job for the worker,
 * then answers at once with `{ jobId }`. The dialog follows the job through
 * /projects/<id>/jobs?id=<jobId>; the creator may leave the page meanwhile.
 */
export const POST = projectRoute(
  {
    permission: "edit",
    format: "text",
    crossSite: TRACKING_CROSS_SITE_MESSAGE,
    form: { limit: REQUEST_BODY_LIMITS.upload, messages: TRACKING_FORM_MESSAGES },
  },
  async ({ project, user, form: posted }) => {
    const form = await readTrackingUploadFormOrThrow(posted);
    const { jobId } = await runInTransaction((tx) =>
      startTrackingApplyJob(tx, { projectId: project.id, actorId: user.id, form }),
    );
    return jsonRouteResponse({ jobId }, 202);
  },
);
