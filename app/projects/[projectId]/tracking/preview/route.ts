import { projectRoute } from "@/lib/http/project-route";
import { jsonRouteResponse } from "@/lib/http/route-responses";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { listUnconfirmedLevelKindsOfSelection } from "@/lib/pledge-levels/list-unconfirmed-level-kinds-of-selection";
import { previewTrackingUploadForRequest } from "@/lib/tracking/preview-tracking-upload-in-thread";
import { readTrackingUploadFormOrThrow } from "@/lib/tracking/read-tracking-upload-form";
import { TRACKING_CROSS_SITE_MESSAGE, TRACKING_FORM_MESSAGES } from "../tracking-route-options";

/** The upload dialog's preview: what "Add tracking numbers" would do with the file, changing nothing. */
export const POST = projectRoute(
  {
    permission: "edit",
    format: "text",
    crossSite: TRACKING_CROSS_SITE_MESSAGE,
    form: { limit: REQUEST_BODY_LIMITS.upload, messages: TRACKING_FORM_MESSAGES },
  },
  async ({ request, project, form: posted }) => {
    const form = await readTrackingUploadFormOrThrow(posted);
    // A large file off the request thread and below report requests' priority: see previewTrackingUploadInThread.
    const preview = await previewTrackingUploadForRequest({ ...form, projectId: project.id }, { signal: request.signal });
    const unconfirmedLevelKinds = await listUnconfirmedLevelKindsOfSelection(project.id, form.selection);
    return jsonRouteResponse({ ...preview, unconfirmedLevelKinds });
  },
);
