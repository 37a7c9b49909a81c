import { previewDigitalRewardSend } from "@/lib/digital-rewards/preview-digital-reward-send";
import { projectRoute } from "@/lib/http/project-route";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { jsonRouteResponse } from "@/lib/http/route-responses";
import { readSendFormOrThrow, SEND_CROSS_SITE_MESSAGE, SEND_FORM_MESSAGES } from "../send-form";

/**
 * "Preview" in the send dialog: who would get the reward and what, without writing. The list of
 * codes (pasted, or a CSV, TXT or workbook) comes through the code-list upload pipeline, so the
 * dialog shows the upload's progress; answers the preview as JSON, or the form's problems one
 * per line as plain text.
 */
export const POST = projectRoute<{ projectId: string; rewardId: string }>(
  {
    permission: "edit",
    format: "text",
    crossSite: SEND_CROSS_SITE_MESSAGE,
    form: { limit: REQUEST_BODY_LIMITS.codeList, messages: SEND_FORM_MESSAGES },
  },
  async ({ project, params, form }) => {
    const send = await readSendFormOrThrow(form);
    const preview = await previewDigitalRewardSend({
      projectId: project.id,
      rewardId: params.rewardId,
      selection: send.selection,
      codes: send.codes,
      exclusions: send.exclusions,
    });
    return jsonRouteResponse(preview);
  },
);
