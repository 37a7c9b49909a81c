"use client";

import { useRef, useState } from "react";
import { describeUnfinishedProjectJob, followStartedProjectJob } from "@/components/jobs/follow-project-job";
import type { ProjectJobProgressReading } from "@/components/jobs/project-job-progress";
import { jobOutputDownloadPath, jobOutputFileOf, type JobOutputFile } from "@/lib/jobs/job-output-file";

export type ExportJobFormat = "csv" | "xlsx";

export type ExportJobState =
  | { phase: "running"; format: ExportJobFormat; reading: ProjectJobProgressReading }
  | { phase: "done"; format: ExportJobFormat; href: string; file: JobOutputFile; rows: number }
  | { phase: "failed"; format: ExportJobFormat; message: string };

/**
 * An export that the server writes as a job: posts the export's form to `exportUrl` asking for
 * JSON (the route answers `202 { jobId }`), follows the job, and ends with the file to download or
 * the message to show. `open` is whether the dialog showing it is open (the creator may close it).
 */
export function useExportJob(projectId: string, exportUrl: string) {
  const [state, setStateNow] = useState<ExportJobState | null>(null);
  const [open, setOpen] = useState(false);
  // The export the dialog follows: a creator may start another while one runs (the buttons stay
  // enabled), and readings of the earlier one are then dropped.
  const latest = useRef(0);

  const start = async (form: FormData, format: ExportJobFormat) => {
    const run = ++latest.current;
    const setState = (next: ExportJobState | ((current: ExportJobState | null) => ExportJobState | null)) => {
      if (latest.current === run) setStateNow(next);
    };
    setOpen(true);
    setState({ phase: "running", format, reading: { step: "Starting the export", percent: null } });
    let jobId: string;
    try {
      const response = await fetch(exportUrl, { method: "POST", body: form, headers: { accept: "application/json" } });
      if (response.status !== 202) {
        const message = response.ok
          ? "The export did not start as expected. Try again."
          : (await response.text()).trim();
        setState({ phase: "failed", format, message });
        return;
      }
      jobId = ((await response.json()) as { jobId: string }).jobId;
    } catch {
      setState({
        phase: "failed",
        format,
        message: "The export could not be started: the connection failed. Check your connection and try again.",
      });
      return;
    }
    const finished = await followStartedProjectJob(projectId, jobId, (reading) =>
      setState((current) => (current?.phase === "running" ? { ...current, reading } : current)),
    );
    const file = finished.status === "DONE" ? jobOutputFileOf(finished.result) : null;
    if (file) {
      const rows = (finished.result as { rows?: number }).rows ?? 0;
      setState({ phase: "done", format, href: jobOutputDownloadPath(projectId, jobId), file, rows });
    } else {
      setState({
        phase: "failed",
        format,
        message: describeUnfinishedProjectJob(finished, "The export failed. Try again."),
      });
    }
  };

  return { state, open, setOpen, start };
}

export const EXPORT_FORMAT_LABELS: Record<ExportJobFormat, string> = { csv: "CSV", xlsx: "Excel" };

/** The label of the button beside the export buttons that reopens a closed dialog, or null when there is nothing to show. */
export function exportJobStatusLabel(state: ExportJobState | null): string | null {
  if (state === null) return null;
  const format = EXPORT_FORMAT_LABELS[state.format];
  if (state.phase === "running") {
    return `${format} export running${state.reading.percent === null ? "" : ` (${state.reading.percent}%)`}: show progress`;
  }
  return state.phase === "done" ? `${format} export ready: show download` : `${format} export did not finish: show why`;
}
