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
