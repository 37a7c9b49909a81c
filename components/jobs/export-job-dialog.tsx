"use client";

import { Dialog } from "radix-ui";
import type { ReactNode } from "react";
import { ProjectJobProgress } from "@/components/jobs/project-job-progress";
import {
  EXPORT_FORMAT_LABELS as FORMAT_LABELS,
  exportJobStatusLabel,
  type ExportJobState,
} from "@/components/jobs/use-export-job";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { formatCount } from "@/components/ui/format";

function fileSize(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024)).toLocaleString("en-US")} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The dialog of an export the worker writes (see useExportJob): its progress, then the file to
 * download (also offered on the Activity page) or what went wrong. `title` names the export
 * ("Export" → "Export CSV"); `description` says what the file holds.
 */
export function ExportJobDialog({
  state,
  open,
  onOpenChange,
  title,
  description,
}: {
  state: ExportJobState | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-slate-900/40" />
        <Dialog.Content className="fixed inset-x-0 bottom-0 z-50 max-h-[92dvh] overflow-y-auto rounded-t-xl bg-white p-5 shadow-xl focus:outline-none sm:inset-auto sm:top-1/2 sm:left-1/2 sm:w-full sm:max-w-lg sm:-translate-x-1/2 sm:-translate-y-1/2 sm:rounded-xl sm:p-6">
          <Dialog.Title className="text-lg font-semibold text-slate-900">
            {state ? `${title} ${FORMAT_LABELS[state.format]}` : title}
          </Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">{description}</Dialog.Description>
          <div className="mt-5 space-y-4">
            {state?.phase === "running" && <ProjectJobProgress reading={state.reading} />}
            {state?.phase === "done" && (
              <Alert tone="success" title="Your export is ready">
                {formatCount(state.rows, "backer")} in {state.file.name} ({fileSize(state.file.bytes)}). It is also on
                the Activity page.
              </Alert>
            )}
            {state?.phase === "failed" && (
              <Alert tone="error" title="The export did not finish">
                {state.message}
              </Alert>
            )}
            <div className="flex flex-wrap justify-end gap-2">
              <Dialog.Close className={buttonClasses(state?.phase === "done" ? "secondary" : "primary", "md")}>
                Close
              </Dialog.Close>
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
  );
}

/**
 * Beside the export buttons while the dialog is closed: how the last export stands, and a way back
 * to its dialog (progress, download or the reason it failed). Nothing before the first export.
 */
export function ExportJobStatusButton({
  state,
  open,
  onOpen,
}: {
  state: ExportJobState | null;
  open: boolean;
  onOpen: () => void;
}) {
  const label = exportJobStatusLabel(state);
  return (
    <span aria-live="polite" className="contents">
      {!open && label && (
        <button type="button" onClick={onOpen} className={buttonClasses("ghost", "sm")} data-testid="export-status">
          {label}
        </button>
      )}
    </span>
  );
}
