import type { ProjectJobView } from "@/lib/jobs/project-job-types";
import type { TrackingUploadPreview, TrackingUploadResult } from "@/lib/tracking/tracking-upload-types";
import { ALL_BACKERS_SELECTION } from "./download-filled-tracking-template";

export type TrackingUploadRun = {
  previewMs: number;
  applyMs: number;
  preview: TrackingUploadPreview;
  /** Milliseconds from the apply request to the first poll that saw each step of the job, as the dialog would show them. */
  applySteps: Record<string, number>;
  /** The finished job's result, or why it did not finish. */
  outcome: { ok: true; result: TrackingUploadResult } | { ok: false; status: number; message: string };
};

/** How often the status is polled (the dialog polls about as often) and how long a job may take. */
const POLL_MS = 250;
const JOB_TIMEOUT_MS = 10 * 60_000;

function uploadForm(csv: string, fingerprint?: string): FormData {
  const form = new FormData();
  form.set("selection", ALL_BACKERS_SELECTION);
  form.set("file", new Blob([csv], { type: "text/csv" }), "tracking-numbers-filled.csv");
  if (fingerprint) form.set("fingerprint", fingerprint);
  return form;
}

/**
 * Uploads a filled tracking template the way the upload dialog does: the preview route, then the
 * apply route with the preview's fingerprint, which queues a job, then the job's status until it ends.
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
  const applyText = await applyResponse.text();
  if (applyResponse.status !== 202) {
    return { previewMs, applyMs: performance.now() - applyStarted, applySteps: {}, preview, outcome: { ok: false, status: applyResponse.status, message: applyText.slice(0, 300) } };
  }
  const { jobId } = JSON.parse(applyText) as { jobId: string };

  // The apply runs as a job in the worker: follow it as the dialog does, by polling its status.
  const applySteps: Record<string, number> = {};
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  for (;;) {
    const response = await fetch(`${baseUrl}/projects/${projectId}/jobs?id=${jobId}`, { headers });
    const text = await response.text();
    if (!response.ok) {
      return { previewMs, applyMs: performance.now() - applyStarted, applySteps, preview, outcome: { ok: false, status: response.status, message: text.slice(0, 300) } };
    }
    const job = (JSON.parse(text) as { jobs: ProjectJobView[] }).jobs[0];
    if (job.step) applySteps[job.step] ??= Math.round(performance.now() - applyStarted);
    const applyMs = performance.now() - applyStarted;
    if (job.status === "DONE") return { previewMs, applyMs, applySteps, preview, outcome: { ok: true, result: job.result as TrackingUploadResult } };
    if (job.status === "FAILED" || job.status === "CANCELLED") {
      return { previewMs, applyMs, applySteps, preview, outcome: { ok: false, status: 200, message: `the job ${job.status.toLowerCase()}: ${job.error ?? ""}` } };
    }
    if (Date.now() > deadline) {
      return { previewMs, applyMs, applySteps, preview, outcome: { ok: false, status: 200, message: `the job was still ${job.status.toLowerCase()} after ${JOB_TIMEOUT_MS / 1000} s` } };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
