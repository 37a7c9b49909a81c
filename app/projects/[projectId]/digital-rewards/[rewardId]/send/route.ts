import { runInTransaction } from "@/lib/db/run-in-transaction";
import { startDigitalRewardSendJob } from "@/lib/digital-rewards/start-digital-reward-send-job";
import { projectRoute } from "@/lib/http/project-route";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { jsonRouteResponse } from "@/lib/http/route-responses";
import { readSendFormOrThrow, readSendTokenOrThrow, SEND_CROSS_SITE_MESSAGE, SEND_FORM_MESSAGES } from "./send-form";

/**
 * "Send" in the send dialog and on a backer's page: stores the codes the form gave and queues the
 * send for the worker, once per token (a double click gives the job already queued). Answers
 * 202 `{ jobId }` at once; the page follows the job through the project's jobs route. Problems
 * come back one per line as plain text, with nothing queued.
 */
export const POST = projectRoute<{ projectId: string; rewardId: string }>(
  {
    permission: "edit",
    format: "text",
    crossSite: SEND_CROSS_SITE_MESSAGE,
    form: { limit: REQUEST_BODY_LIMITS.codeList, messages: SEND_FORM_MESSAGES },
  },
  async ({ project, user, params, form }) => {
    const token = readSendTokenOrThrow(form);
    const send = await readSendFormOrThrow(form);
    const codes = await send.jobCodes();
    const job = await runInTransaction((tx) =>
      startDigitalRewardSendJob(tx, {
        projectId: project.id,
        actorId: user.id,
        rewardId: params.rewardId,
        selection: send.selection,
        codes,
        exclusions: send.exclusions,
        token,
      }),
    );
    return jsonRouteResponse(job, 202);
  },
);
