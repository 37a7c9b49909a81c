"use client";

import { Dialog } from "radix-ui";
import { useRef, useState, type FormEvent } from "react";
import { describeUnfinishedProjectJob, followStartedProjectJob } from "@/components/jobs/follow-project-job";
import { ProjectJobProgress, type ProjectJobProgressReading } from "@/components/jobs/project-job-progress";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { formatCount } from "@/components/ui/format";
import { backerReportExportRunsAsJob, type BackerReportExportFormat } from "@/lib/backers/report/backer-report-export-file";
import type { BackerReportSortKey, SortDirection } from "@/lib/backers/report/backer-report-query-schema";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { jobOutputDownloadPath, jobOutputFileOf, type JobOutputFile } from "@/lib/jobs/job-output-file";

type ExportState =
  | { phase: "running"; format: BackerReportExportFormat; reading: ProjectJobProgressReading }
  | { phase: "done"; format: BackerReportExportFormat; href: string; file: JobOutputFile; rows: number }
  | { phase: "failed"; format: BackerReportExportFormat; message: string };

const FORMAT_LABELS: Record<BackerReportExportFormat, string> = { csv: "CSV", xlsx: "Excel" };

function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024)).toLocaleString("en-US")} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The selection bar's "Export Excel" and "Export CSV". One report page of backers or fewer is a
 * plain form post that downloads at once. More is written by the worker: a dialog follows the
 * job's progress and offers the file when it is written; the creator may close it or leave, and
 * finds the file on the Activity page. Closed, the dialog leaves a button beside the exports that
 * says how the export is doing and opens it again; the exports stay available, and a new one
 * (queued behind the first) takes the dialog over while the earlier one finishes on the server.
 */
export function ExportBackersButtons({
  projectId,
  exportUrl,
  selection,
  count,
  sort,
  dir,
}: {
  projectId: string;
  exportUrl: string;
  selection: BackerSelection;
  count: number;
  sort: BackerReportSortKey;
  dir: SortDirection;
}) {
  const [state, setState] = useState<ExportState | null>(null);
  const [open, setOpen] = useState(false);
  // The export the dialog follows; readings of an export the creator started before are dropped.
  const latest = useRef(0);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    if (!backerReportExportRunsAsJob(count)) return;
    event.preventDefault();
    const run = ++latest.current;
    const update = (next: ExportState | ((current: ExportState | null) => ExportState | null)) => {
      if (latest.current === run) setState(next);
    };
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const format: BackerReportExportFormat = submitter?.value === "xlsx" ? "xlsx" : "csv";
    const form = new FormData(event.currentTarget);
    if (format === "xlsx") form.set("format", "xlsx");
    else form.delete("format");
    setOpen(true);
    update({ phase: "running", format, reading: { step: "Starting the export", percent: null } });
    let jobId: string;
    try {
      const response = await fetch(exportUrl, { method: "POST", body: form, headers: { accept: "application/json" } });
      if (response.status !== 202) {
        const message = response.ok ? "The export did not start as expected. Try again." : (await response.text()).trim();
        update({ phase: "failed", format, message });
        return;
      }
      jobId = ((await response.json()) as { jobId: string }).jobId;
    } catch {
      update({ phase: "failed", format, message: "The export could not be started: the connection failed. Check your connection and try again." });
      return;
    }
    const finished = await followStartedProjectJob(projectId, jobId, (reading) =>
      update((current) => (current?.phase === "running" ? { ...current, reading } : current)),
    );
    const file = finished.status === "DONE" ? jobOutputFileOf(finished.result) : null;
    if (file) {
      const rows = (finished.result as { rows?: number }).rows ?? 0;
      update({ phase: "done", format, href: jobOutputDownloadPath(projectId, jobId), file, rows });
    } else {
      update({ phase: "failed", format, message: describeUnfinishedProjectJob(finished, "The export failed. Try again.") });
    }
  };

  const title = state ? `Export ${FORMAT_LABELS[state.format]}` : "Export";
  const reopenLabel =
    state === null
      ? null
      : state.phase === "running"
        ? `${FORMAT_LABELS[state.format]} export running${state.reading.percent === null ? "" : ` (${state.reading.percent}%)`}: show progress`
        : state.phase === "done"
          ? `${FORMAT_LABELS[state.format]} export ready: show download`
          : `${FORMAT_LABELS[state.format]} export did not finish: show why`;

  return (
    <>
      <form method="post" action={exportUrl} onSubmit={submit} className="flex flex-wrap gap-2">
        <input type="hidden" name="selection" value={JSON.stringify(selection)} />
        <input type="hidden" name="sort" value={sort} />
        <input type="hidden" name="dir" value={dir} />
        <button type="submit" name="format" value="xlsx" className={buttonClasses("secondary", "sm")}>
          Export Excel
        </button>
        <button type="submit" className={buttonClasses("primary", "sm")}>
          Export CSV
        </button>
        <span aria-live="polite" className="contents">
          {!open && reopenLabel && (
            <button type="button" onClick={() => setOpen(true)} className={buttonClasses("ghost", "sm")} data-testid="export-status">
              {reopenLabel}
            </button>
          )}
        </span>
      </form>
      <Dialog.Root open={open} onOpenChange={setOpen}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-50 bg-slate-900/40" />
          <Dialog.Content className="fixed inset-x-0 bottom-0 z-50 max-h-[92dvh] overflow-y-auto rounded-t-xl bg-white p-5 shadow-xl focus:outline-none sm:inset-auto sm:top-1/2 sm:left-1/2 sm:w-full sm:max-w-lg sm:-translate-x-1/2 sm:-translate-y-1/2 sm:rounded-xl sm:p-6">
            <Dialog.Title className="text-lg font-semibold text-slate-900">{title}</Dialog.Title>
            <Dialog.Description className="mt-1 text-sm text-slate-600">
              {formatCount(count, "backer")} in the report&apos;s order. More than one page of backers is written on the server, then offered here
              to download.
            </Dialog.Description>
            <div className="mt-5 space-y-4">
              {state?.phase === "running" && <ProjectJobProgress reading={state.reading} />}
              {state?.phase === "done" && (
                <Alert tone="success" title="Your export is ready">
                  {formatCount(state.rows, "backer")} in {state.file.name} ({fileSize(state.file.bytes)}). It is also on the Activity page.
                </Alert>
              )}
              {state?.phase === "failed" && (
                <Alert tone="error" title="The export did not finish">
                  {state.message}
                </Alert>
              )}
              <div className="flex flex-wrap justify-end gap-2">
                <Dialog.Close className={buttonClasses(state?.phase === "done" ? "secondary" : "primary", "md")}>Close</Dialog.Close>
                {state?.phase === "done" && (
                  <a href={state.href} download={state.file.name} className={buttonClasses("primary", "md")}>
                    Download {state.file.name}
                  </a>
                )}
              </div>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </>
  );
}
