import type { ProjectJobView } from "@/lib/jobs/project-job-types";

/** Fired on window when this page started or saw the end of a job, so the header indicator looks again. */
export const PROJECT_JOBS_CHANGED_EVENT = "pledgehouse:project-jobs-changed";

/** The project's jobs endpoint: `?id=` one job, `?active=1` the queued and running ones. */
export async function fetchProjectJobs(projectId: string, query: { id: string } | { active: true }): Promise<ProjectJobView[] | null> {
  const search = "id" in query ? `id=${encodeURIComponent(query.id)}` : "active=1";
  try {
    const response = await fetch(`/projects/${projectId}/jobs?${search}`, { cache: "no-store" });
    if (!response.ok) return null;
    return ((await response.json()) as { jobs: ProjectJobView[] }).jobs;
  } catch {
    return null;
  }
}

/**
 * Polls one job until it is done, failed or cancelled, calling `onUpdate` with each reading; gives
 * up (returning the last reading, or a failure saying where to look) after many unreadable polls.
 */
export async function followProjectJob(
  projectId: string,
  jobId: string,
  onUpdate: (job: ProjectJobView) => void,
  intervalMs = 1000,
): Promise<Pick<ProjectJobView, "status" | "result" | "error">> {
  let misses = 0;
  let last: ProjectJobView | null = null;
  for (;;) {
    const jobs = await fetchProjectJobs(projectId, { id: jobId });
    const job = jobs?.[0];
    if (job) {
      misses = 0;
      last = job;
      onUpdate(job);
      if (job.status === "DONE" || job.status === "FAILED" || job.status === "CANCELLED") return job;
    } else if (++misses >= 30) {
      return { status: last?.status ?? "RUNNING", result: null, error: "The job's progress could not be read. See the Activity page for its result." };
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Follows a job a page just started to its end, telling the header indicator at the start and the
 * end, and giving each reading as `{ step, percent }` (percent only while it runs).
 */
export async function followStartedProjectJob(
  projectId: string,
  jobId: string,
  onReading: (reading: { step: string; percent: number | null }) => void,
): Promise<Pick<ProjectJobView, "status" | "result" | "error">> {
  window.dispatchEvent(new Event(PROJECT_JOBS_CHANGED_EVENT));
  onReading({ step: "Waiting to start", percent: null });
  const finished = await followProjectJob(projectId, jobId, (job) =>
    onReading({ step: job.step ?? "Working", percent: job.status === "RUNNING" ? job.percent : null }),
  );
  window.dispatchEvent(new Event(PROJECT_JOBS_CHANGED_EVENT));
  return finished;
}

/** The message a dialog shows when its job did not finish with a result. */
export function describeUnfinishedProjectJob(finished: Pick<ProjectJobView, "status" | "error">, failedFallback: string): string {
  if (finished.status === "FAILED") return finished.error ?? failedFallback;
  if (finished.status === "CANCELLED") return "The job was cancelled before it started. Nothing was changed.";
  return finished.error ?? "The job's progress could not be read. See the Activity page for its result.";
}
