"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ServerAction } from "@/lib/actions/action-result";
import { describeProjectJobResult } from "@/lib/jobs/describe-project-job-result";
import { buttonClasses } from "@/components/ui/button-classes";
import { jobOutputDownloadPath, jobOutputFileOf } from "@/lib/jobs/job-output-file";
import type { ProjectJobView } from "@/lib/jobs/project-job-types";
import { formatInZone } from "@/lib/projects/zoned-time";

const STATUS_LABELS: Record<ProjectJobView["status"], { text: string; className: string }> = {
  QUEUED: { text: "Waiting to start", className: "bg-slate-100 text-slate-700" },
  RUNNING: { text: "Running", className: "bg-indigo-50 text-indigo-800" },
  DONE: { text: "Done", className: "bg-emerald-50 text-emerald-800" },
  FAILED: { text: "Failed", className: "bg-red-50 text-red-800" },
  CANCELLED: { text: "Cancelled", className: "bg-slate-100 text-slate-600" },
};

/**
 * The Activity page's jobs: queued (with Cancel), running with its step and percentage, done with
 * its result (and the file it wrote, for a member who may download it), failed with its message.
 * While one is queued or running the list refreshes itself.
 */
export function ProjectJobList({
  projectId,
  jobs,
  timeZone,
  cancelAction,
  canDownload,
}: {
  projectId: string;
  jobs: ProjectJobView[];
  /** Whether the member may download what jobs wrote (exports of backers' personal data). */
  canDownload: boolean;
  /** The project's zone: a job's start is shown on the campaign's clock, like the rest of Activity. */
  timeZone: string;
  cancelAction: ServerAction<{ projectId: string; jobId: string }, { cancelled: boolean }>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const active = jobs.some((job) => job.status === "QUEUED" || job.status === "RUNNING");
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [active, router]);

  const cancel = (jobId: string) =>
    startTransition(async () => {
      const result = await cancelAction({ projectId, jobId });
      setMessage(result.ok ? "The job was cancelled. Nothing was changed." : result.message);
      router.refresh();
    });

  return (
    <section aria-labelledby="jobs-heading" className="mb-8">
      <h2 id="jobs-heading" className="text-base font-semibold text-slate-900">
        Jobs
      </h2>
      {message && (
        <p role="status" className="mt-2 text-sm text-slate-700">
          {message}
        </p>
      )}
      <ul className="mt-3 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {jobs.map((job) => {
          const status = STATUS_LABELS[job.status];
          const file = canDownload && job.status === "DONE" ? jobOutputFileOf(job.result) : null;
          return (
            <li key={job.id} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-start sm:justify-between" data-testid="project-job-row">
              <div className="min-w-0 space-y-1">
                <p className="flex flex-wrap items-center gap-2">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${status.className}`}>{status.text}</span>
                  <span className="font-medium break-words text-slate-900">{job.title}</span>
                </p>
                <p className="text-sm text-slate-500">
                  {job.createdByName ? `Started by ${job.createdByName} · ` : ""}
                  <time dateTime={job.createdAt}>{formatInZone(job.createdAt, timeZone)}</time>
                </p>
                {job.status === "RUNNING" && (
                  <div className="max-w-md space-y-1">
                    <p className="text-sm text-slate-700">
                      {job.step ?? "Working"} — {job.percent}%
                    </p>
                    <div className="h-1.5 overflow-hidden rounded-full bg-slate-100">
                      <div className="h-full rounded-full bg-indigo-600" style={{ width: `${Math.max(3, job.percent)}%` }} />
                    </div>
                  </div>
                )}
                {job.status === "DONE" && <p className="text-sm text-slate-700">{describeProjectJobResult(job.kind, job.result)}</p>}
                {job.status === "FAILED" && <p className="text-sm text-red-700">{job.error}</p>}
              </div>
              {file && (
                <a href={jobOutputDownloadPath(projectId, job.id)} download={file.name} className={buttonClasses("secondary", "sm", "shrink-0")}>
                  Download {file.name.endsWith(".xlsx") ? "Excel" : "CSV"}
                  <span className="sr-only"> file {file.name}</span>
                </a>
              )}
              {job.status === "QUEUED" && (
                <Button size="sm" variant="secondary" disabled={pending} onClick={() => cancel(job.id)}>
                  Cancel
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
