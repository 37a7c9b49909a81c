import type { TrackingApplyProgress, TrackingUploadPreview, TrackingUploadResult } from "@/lib/tracking/tracking-upload-types";
import { ALL_BACKERS_SELECTION } from "./download-filled-tracking-template";

export type TrackingUploadRun = {
  previewMs: number;
  applyMs: number;
  preview: TrackingUploadPreview;
  /** Milliseconds from the apply request to the first progress line of each step, as the dialog would show them. */
  applySteps: Record<string, number>;
  /** What the apply route reported in its "done" line, or its error message. */
  outcome: { ok: true; result: TrackingUploadResult } | { ok: false; status: number; message: string };
};

function uploadForm(csv: string, fingerprint?: string): FormData {
  const form = new FormData();
  form.set("selection", ALL_BACKERS_SELECTION);
  form.set("file", new Blob([csv], { type: "text/csv" }), "tracking-numbers-filled.csv");
  if (fingerprint) form.set("fingerprint", fingerprint);
  return form;
}

/**
 * Uploads a filled tracking template the way the upload dialog does: the preview route, then the
 * apply route with the preview's fingerprint, reading the apply's progress stream to its last line.
 */
export async function uploadTrackingFile(baseUrl: string, projectId: string, cookie: string, csv: string): Promise<TrackingUploadRun> {
  const headers = { cookie, origin: baseUrl };
  const routes = `${baseUrl}/projects/${projectId}/tracking`;

  const previewStarted = performance.now();
  const previewResponse = await fetch(`${routes}/preview`, { method: "POST", headers, body: uploadForm(csv) });
  const previewText = await previewResponse.text();
  const previewMs = performance.now() - previewStarted;
  if (!previewResponse.ok) throw new Error(`The tracking preview answered ${previewResponse.status}: ${previewText.slice(0, 300)}`);
  const preview = JSON.parse(previewText) as TrackingUploadPreview;
  if (!preview.fingerprint) throw new Error(`The tracking preview found nothing to apply: ${JSON.stringify(preview.problems.slice(0, 3))}`);

  const applyStarted = performance.now();
  const applyResponse = await fetch(`${routes}/apply`, { method: "POST", headers, body: uploadForm(csv, preview.fingerprint) });
  const applySteps: Record<string, number> = {};
  let applyText = "";
  if (applyResponse.body) {
    const decoder = new TextDecoder();
    const reader = applyResponse.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      applyText += decoder.decode(chunk.value, { stream: true });
      for (const match of applyText.matchAll(/"step":"(\w+)"/g)) applySteps[match[1]] ??= Math.round(performance.now() - applyStarted);
    }
  }
  const applyMs = performance.now() - applyStarted;
  if (!applyResponse.ok) return { previewMs, applyMs, applySteps, preview, outcome: { ok: false, status: applyResponse.status, message: applyText.slice(0, 300) } };
  const last = JSON.parse(applyText.trim().split("\n").at(-1) ?? "{}") as TrackingApplyProgress;
  if (last.type === "done") return { previewMs, applyMs, applySteps, preview, outcome: { ok: true, result: last.result } };
  const message = last.type === "error" ? `${last.code}: ${last.message}` : `the stream ended without a result: ${applyText.slice(-300)}`;
  return { previewMs, applyMs, applySteps, preview, outcome: { ok: false, status: applyResponse.status, message } };
}
