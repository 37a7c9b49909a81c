"use client";

/** A followed job's reading as a dialog shows it: the step, and the percentage once it runs. */
export type ProjectJobProgressReading = { step: string; percent: number | null };

/**
 * The progress of a job a dialog started: its step and percentage, and that the creator may leave
 * (the work runs in the worker; the project header and the Activity page follow it too).
 */
export function ProjectJobProgress({ reading }: { reading: ProjectJobProgressReading }) {
  return (
    <div role="status" aria-live="polite" className="space-y-1.5" data-testid="project-job-progress">
      <p className="text-sm font-medium text-slate-700">
        {reading.step}
        {reading.percent !== null && ` — ${reading.percent}%`}…
      </p>
      <div className="h-2 overflow-hidden rounded-full bg-slate-100">
        <div
          className={`h-full rounded-full bg-indigo-600 transition-[width] ${reading.percent === null ? "w-1/3 animate-pulse" : ""}`}
          style={reading.percent === null ? undefined : { width: `${Math.max(3, reading.percent)}%` }}
        />
      </div>
      <p className="text-sm text-slate-500">
        This runs on the server: you can close this or leave the page. The project header shows it while it runs, and
        the Activity page shows the result.
      </p>
    </div>
  );
}
