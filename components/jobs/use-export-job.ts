"use client";

import { useState } from "react";
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
  const [state, setState] = useState<ExportJobState | null>(null);
  const [open, setOpen] = useState(false);

  const start = async (form: FormData, format: ExportJobFormat) => {
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
