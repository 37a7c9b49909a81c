"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { ProjectJobSummary } from "@/lib/jobs/project-job-types";
import { fetchProjectJobs, PROJECT_JOBS_CHANGED_EVENT } from "./follow-project-job";

/**
 * The project header's "running" indicator: the project's queued and running jobs with their step
 * and percentage, on every project page, linking to the Activity page. It looks again every few
 * seconds while a job is active, rarely otherwise, and at once when this page starts a job.
 */
export function ProjectJobsIndicator({ projectId, initialJobs }: { projectId: string; initialJobs: ProjectJobSummary[] }) {
  const [jobs, setJobs] = useState<ProjectJobSummary[]>(initialJobs);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async () => {
      clearTimeout(timer);
      const active = await fetchProjectJobs(projectId, { active: true });
      if (stopped) return;
      if (active) setJobs(active);
      timer = setTimeout(look, active && active.length > 0 ? 2000 : 15_000);
    };
    timer = setTimeout(look, initialJobs.length > 0 ? 2000 : 15_000);
    const onChanged = () => void look();
    window.addEventListener(PROJECT_JOBS_CHANGED_EVENT, onChanged);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener(PROJECT_JOBS_CHANGED_EVENT, onChanged);
    };
  }, [projectId, initialJobs.length]);

  if (jobs.length === 0) return null;
  const running = jobs.find((job) => job.status === "RUNNING");
  const shown = running ?? jobs[0];
  const others = jobs.length - 1;
  return (
    <Link
      href={`/projects/${projectId}/activity`}
      role="status"
      aria-label={`${jobs.length === 1 ? "1 job" : `${jobs.length} jobs`} in progress. Open Activity.`}
      className="inline-flex max-w-full items-center gap-2 rounded-full border border-indigo-200 bg-indigo-50 px-3 py-0.5 text-sm text-indigo-800 hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      data-testid="project-jobs-indicator"
    >
      <span aria-hidden="true" className="size-2 shrink-0 animate-pulse rounded-full bg-indigo-600" />
      <span className="truncate">
        {/* The percentage first: on a phone the end of the line is cut off. */}
        {shown.status === "RUNNING" ? `Running ${shown.percent}%: ${shown.title} — ${shown.step ?? "working"}` : `Waiting to start: ${shown.title}`}
        {others > 0 && ` (+${others} more)`}
      </span>
    </Link>
  );
}
