import { revalidatePath } from "next/cache";
import { DomainError } from "@/lib/errors";
import { applyTrackingUploadOrThrow, TrackingPlanChangedError } from "@/lib/tracking/apply-tracking-upload";
import { readTrackingUploadFormOrThrow, type TrackingUploadForm } from "@/lib/tracking/read-tracking-upload-form";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { guardTrackingRoute, readTrackingRouteForm, textResponse } from "@/lib/tracking/tracking-route-guard";
import type { TrackingApplyProgress } from "@/lib/tracking/tracking-upload-types";
import { logger } from "@/lib/log/logger";

/**
 * "Add tracking numbers": applies the previewed file. The answer is a stream of newline-delimited
 * JSON (TrackingApplyProgress): progress lines while a large file is written, then one "done" or
 * "error" line, so the dialog can show a progress bar instead of a spinner for 250,000 rows.
 */
export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  const { projectId } = await params;
  const guard = await guardTrackingRoute(request, projectId, "edit");
  if (!guard.ok) return guard.response;
  const posted = await readTrackingRouteForm(request, REQUEST_BODY_LIMITS.upload);
  if (!posted.ok) return posted.response;
  let form: TrackingUploadForm;
  try {
    form = await readTrackingUploadFormOrThrow(posted.form);
  } catch (error) {
    if (error instanceof DomainError) return textResponse(400, error.message);
    throw error;
  }

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: TrackingApplyProgress) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        const result = await applyTrackingUploadOrThrow({
          ...form,
          projectId: guard.project.id,
          actorId: guard.user.id,
          expectedFingerprint: form.fingerprint,
          skipProblemRows: form.skipProblemRows,
          onProgress: send,
        });
        revalidatePath(`/projects/${guard.project.id}/backers`);
        send({ type: "done", result });
      } catch (error) {
        if (error instanceof TrackingPlanChangedError) send({ type: "error", code: error.code, message: error.message, preview: error.preview });
        else if (error instanceof DomainError) send({ type: "error", code: error.code, message: error.message });
        else {
          logger.error({ err: error }, "applying a tracking upload failed");
          send({ type: "error", code: "INTERNAL", message: "Something went wrong while adding the tracking numbers. Nothing was changed; try again." });
        }
      } finally {
        controller.close();
      }
    },
  });
  return new Response(body, { headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store" } });
}
