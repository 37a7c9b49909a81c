"use client";

import { useRouter } from "next/navigation";
import { Dialog } from "radix-ui";
import { useId, useRef, useState, type ChangeEvent } from "react";
import { useBackerSelection } from "@/components/backer-report/backer-selection-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { buttonClasses } from "@/components/ui/button-classes";
import { UploadIcon } from "@/components/ui/icons";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import type { TrackingUploadPreview, TrackingUploadResult } from "@/lib/tracking/tracking-upload-types";
import { describeUnfinishedProjectJob, followStartedProjectJob } from "@/components/jobs/follow-project-job";
import type { ProjectJobProgressReading } from "@/components/jobs/project-job-progress";
import { saveBlob } from "@/components/uploads/post-form";
import { UploadProgress } from "@/components/uploads/upload-progress";
import { useFormUpload } from "@/components/uploads/use-form-upload";
import { UnconfirmedLevelKindsNotice } from "@/components/unconfirmed-level-kinds-notice";
import { TrackingUploadPreviewView } from "./tracking-upload-preview";
import { formatCount } from "@/components/ui/format";

const n = (value: number) => value.toLocaleString("en-US");
const backers = (value: number) => formatCount(value, "backer");

/** What the creator chose besides the file; the preview, the problem rows and the apply all use them. */
type Choices = { skipExisting: boolean; separatePackages: boolean; sheet: string | null };

function Checkbox({ id, checked, onChange, disabled, children, hint }: {
  id: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  children: string;
  hint?: string;
}) {
  return (
    <div className="flex gap-2.5">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        className="mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <div className="text-sm">
        <label htmlFor={id} className="font-medium text-slate-900">
          {children}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="text-slate-500">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

/**
 * The selection bar's "Add tracking numbers": a dialog to download the CSV template for the
 * selected backers, upload it filled in (as Excel, Numbers or Google Sheets save it), see exactly
 * what would change and every problem, then apply it in one go with a progress bar.
 */
export function AddTrackingNumbersBulkAction({ projectId }: { projectId: string }) {
  const { selection: currentSelection, count: currentCount } = useBackerSelection();
  const router = useRouter();
  const ids = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  // The selection the template is made for; fixed while the dialog is open.
  const [selection, setSelection] = useState<{ value: BackerSelection; count: number } | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [skipExisting, setSkipExisting] = useState(false);
  const [separatePackages, setSeparatePackages] = useState(false);
  const [skipProblemRows, setSkipProblemRows] = useState(false);
  const [preview, setPreview] = useState<TrackingUploadPreview | null>(null);
  // A workbook of several sheets: which one to read (null: the first), and the names to choose from.
  const [sheet, setSheet] = useState<string | null>(null);
  const [sheets, setSheets] = useState<NonNullable<TrackingUploadPreview["sheets"]> | null>(null);
  // The preview and the apply post the file with the upload's progress; then the apply's job is followed.
  const { progress: upload, post } = useFormUpload();
  // The problem rows go up with the file again: their own progress, beside the buttons, so the preview stays in view.
  const { progress: downloading, post: postForDownload } = useFormUpload();
  const [job, setJob] = useState<ProjectJobProgressReading | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<TrackingUploadResult | null>(null);

  if (!currentSelection) return null;
  const base = `/projects/${projectId}/tracking`;
  const busy = upload !== null || job !== null || downloading !== null;
  // Once the job is queued the work no longer depends on this page: the dialog may close.
  const uploading = upload !== null;
  const progress = job ? { label: job.step, fraction: job.percent === null ? null : job.percent / 100 } : upload;

  const reset = () => {
    setFile(null);
    setPreview(null);
    setSheet(null);
    setSheets(null);
    setJob(null);
    setError(null);
    setResult(null);
    setSkipExisting(false);
    setSeparatePackages(false);
    setSkipProblemRows(false);
  };

  const openChange = (next: boolean) => {
    if (uploading && !next) return;
    if (next) {
      reset();
      setSelection({ value: currentSelection, count: currentCount });
    } else if (result) router.refresh();
    setOpen(next);
  };

  const form = (target: File, choices: Choices, extra: Record<string, string> = {}) => {
    const data = new FormData();
    data.set("selection", JSON.stringify(selection!.value));
    data.set("file", target);
    if (choices.sheet !== null) data.set("sheet", choices.sheet);
    if (choices.skipExisting) data.set("skipExisting", "on");
    if (choices.separatePackages) data.set("separatePackages", "on");
    for (const [key, value] of Object.entries(extra)) data.set(key, value);
    return data;
  };

  const runPreview = async (target: File, choices: Choices) => {
    setError(null);
    setSkipProblemRows(false);
    try {
      const answer = await post(`${base}/preview`, form(target, choices), { uploading: "Uploading the file", checking: "Checking every row" });
      if (answer.status !== 200) {
        setPreview(null);
        setError(answer.text.trim() || "The file could not be checked. Try again.");
      } else {
        const answered = JSON.parse(answer.text) as TrackingUploadPreview;
        setPreview(answered);
        setSheets(answered.sheets ?? null);
      }
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  const chooseFile = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0] ?? null;
    setFile(chosen);
    setPreview(null);
    setSeparatePackages(false);
    setSheet(null);
    setSheets(null);
    if (chosen) void runPreview(chosen, { skipExisting, separatePackages: false, sheet: null });
  };

  const changeChoice = (choices: Choices) => {
    setSkipExisting(choices.skipExisting);
    setSeparatePackages(choices.separatePackages);
    setSheet(choices.sheet);
    if (file) void runPreview(file, choices);
  };

  const downloadProblems = async (format: "csv" | "xlsx") => {
    if (!file || downloading) return;
    setError(null);
    try {
      const answer = await postForDownload(
        `${base}/problems`,
        form(file, { skipExisting, separatePackages, sheet }, { format }),
        { uploading: "Uploading the file", checking: "Collecting the problem rows" },
        "blob",
      );
      if (answer.status !== 200 || !answer.blob) setError(answer.text.trim() || "The problem rows could not be downloaded.");
      else saveBlob(answer.blob, `${file.name.replace(/\.[^.]+$/, "")}-problem-rows.${format}`);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  const apply = async () => {
    if (!file || !preview?.fingerprint) return;
    setError(null);
    let jobId: string;
    try {
      // Once sent, the server stores the file and queues the job: the same words, without a percentage.
      const answer = await post(
        `${base}/apply`,
        form(file, { skipExisting, separatePackages, sheet }, { fingerprint: preview.fingerprint, ...(skipProblemRows ? { skipProblemRows: "on" } : {}) }),
        { uploading: "Uploading the file", checking: "Uploading the file" },
      );
      if (answer.status !== 202) {
        setError(answer.text.trim() || "The tracking numbers could not be added. Nothing was changed.");
        return;
      }
      jobId = (JSON.parse(answer.text) as { jobId: string }).jobId;
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      return;
    }
    // The job runs in the worker; the header's indicator and the Activity page follow it too.
    const finished = await followStartedProjectJob(projectId, jobId, setJob);
    setJob(null);
    if (finished.status === "DONE") setResult(finished.result as TrackingUploadResult);
    else setError(describeUnfinishedProjectJob(finished, "The tracking numbers could not be added. Nothing was changed."));
  };

  const summary = preview?.summary ?? null;
  const changing = summary ? summary.newBackers + summary.replacedBackers + summary.addedBackers : 0;
  const blockedByErrors = (summary?.errorRows ?? 0) > 0 && !skipProblemRows;
  const canApply = Boolean(preview?.readable && preview.fingerprint && changing > 0 && !blockedByErrors && !busy);
  const showSeparatePackages = separatePackages || (summary?.backersWithSeveralNumbers ?? 0) > 0;

  return (
    <Dialog.Root open={open} onOpenChange={openChange}>
      <Dialog.Trigger className={buttonClasses("secondary", "sm")}>Add tracking numbers</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-slate-900/40" />
        <Dialog.Content
          onInteractOutside={(event) => uploading && event.preventDefault()}
          className="fixed inset-x-0 bottom-0 z-50 max-h-[92dvh] overflow-y-auto rounded-t-xl bg-white p-5 shadow-xl focus:outline-none sm:inset-auto sm:top-1/2 sm:left-1/2 sm:w-full sm:max-w-2xl sm:-translate-x-1/2 sm:-translate-y-1/2 sm:rounded-xl sm:p-6"
        >
          <Dialog.Title className="text-lg font-semibold text-slate-900">Add tracking numbers</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            For the {backers(selection?.count ?? currentCount)} you selected. Each backer whose number is new or changed gets an email, and the
            number appears on the Backing details tab of their pledge summary.
          </Dialog.Description>

          {result ? (
            <div className="mt-5 space-y-4">
              <Alert tone="success" title="Tracking numbers added">
                {result.summary.newBackers > 0 && `${backers(result.summary.newBackers)} got a tracking number. `}
                {result.summary.replacedBackers > 0 && `${backers(result.summary.replacedBackers)} had theirs replaced. `}
                {result.summary.addedBackers > 0 && `${backers(result.summary.addedBackers)} got another package. `}
                {result.emailsQueued > 0 ? `${n(result.emailsQueued)} ${result.emailsQueued === 1 ? "email is" : "emails are"} on the way.` : "No email needed sending."}
                {result.skippedProblemRows > 0 && ` ${n(result.skippedProblemRows)} ${result.skippedProblemRows === 1 ? "row" : "rows"} with problems ${result.skippedProblemRows === 1 ? "was" : "were"} left out.`}
              </Alert>
              <div className="flex justify-end">
                <Dialog.Close className={buttonClasses("primary", "md")}>Done</Dialog.Close>
              </div>
            </div>
          ) : (
            <div className="mt-5 space-y-5">
              <section className="space-y-2" aria-labelledby={`${ids}-step1`}>
                <h3 id={`${ids}-step1`} className="text-sm font-semibold text-slate-900">
                  1. Download the template
                </h3>
                <p className="text-sm text-slate-600">
                  One row per selected backer. Fill in the Tracking Number column (Carrier and Tracking URL are optional), save it and
                  upload it below.
                </p>
                <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600">
                  <li>
                    <strong>Excel:</strong> use the Excel template. Its Tracking Number, Carrier and Tracking URL columns are already typed
                    as Text, so Excel keeps every digit of long numbers.
                  </li>
                  <li>
                    <strong>Numbers or Google Sheets:</strong> use the CSV template, and format the Tracking Number column as{" "}
                    <strong>Text</strong> (Plain text) before pasting.
                  </li>
                </ul>
                <form method="post" action={`${base}/template`} className="flex flex-wrap gap-2">
                  <input type="hidden" name="selection" value={JSON.stringify(selection?.value ?? currentSelection)} />
                  <button type="submit" name="format" value="xlsx" className={buttonClasses("secondary", "sm")}>
                    Download Excel template (.xlsx)
                  </button>
                  <button type="submit" name="format" value="csv" className={buttonClasses("secondary", "sm")}>
                    Download CSV template
                  </button>
                </form>
              </section>

              <section className="space-y-3" aria-labelledby={`${ids}-step2`}>
                <h3 id={`${ids}-step2`} className="text-sm font-semibold text-slate-900">
                  2. Upload the filled template
                </h3>
                <div className="flex flex-wrap items-center gap-3">
                  <input
                    ref={fileInput}
                    id={`${ids}-file`}
                    type="file"
                    accept=".csv,.txt,.tsv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    className="peer sr-only"
                    onChange={chooseFile}
                    disabled={busy}
                  />
                  <label
                    htmlFor={`${ids}-file`}
                    className={buttonClasses(
                      "secondary",
                      "sm",
                      "cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600",
                    )}
                  >
                    <UploadIcon className="size-4" />
                    {file ? "Choose another file" : "Choose file"}
                  </label>
                  <span className="min-w-0 truncate text-sm text-slate-600" aria-live="polite">
                    {file ? file.name : "No file chosen"}
                  </span>
                </div>
                {sheets && (
                  <div className="text-sm">
                    <label htmlFor={`${ids}-sheet`} className="font-medium text-slate-900">
                      Sheet to read
                    </label>
                    <select
                      id={`${ids}-sheet`}
                      value={sheets.read ?? ""}
                      disabled={busy}
                      onChange={(event) => changeChoice({ skipExisting, separatePackages, sheet: event.target.value })}
                      aria-describedby={`${ids}-sheet-hint`}
                      className="mt-1 block w-full max-w-xs rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                    >
                      {sheets.read === null && <option value="">Choose a sheet</option>}
                      {sheets.names.map((name) => (
                        <option key={name} value={name}>
                          {name}
                        </option>
                      ))}
                    </select>
                    <p id={`${ids}-sheet-hint`} className="mt-1 text-slate-500">
                      This workbook has {sheets.names.length} sheets; choose the one with the tracking numbers.
                    </p>
                  </div>
                )}
                <Checkbox
                  id={`${ids}-skip`}
                  checked={skipExisting}
                  disabled={busy}
                  onChange={(checked) => changeChoice({ skipExisting: checked, separatePackages, sheet })}
                  hint="Otherwise a backer's current tracking number is replaced by the one in the file (the old one stays in the history)."
                >
                  Skip backers who already have a tracking number
                </Checkbox>
                {showSeparatePackages && (
                  <Checkbox
                    id={`${ids}-packages`}
                    checked={separatePackages}
                    disabled={busy}
                    onChange={(checked) => changeChoice({ skipExisting, separatePackages: checked, sheet })}
                    hint="Several rows with different numbers for one backer are then several packages, all shown to the backer."
                  >
                    These are separate packages
                  </Checkbox>
                )}
              </section>

              {progress && (
                <UploadProgress label={progress.label} fraction={progress.fraction}>
                  {job && (
                    <p className="text-sm text-slate-500">
                      This runs on the server: you can close this dialog or leave the page. The project header shows it while it runs, and the
                      Activity page shows the result.
                    </p>
                  )}
                </UploadProgress>
              )}

              {error && <Alert tone="error">{error}</Alert>}

              {preview && !progress && (
                <section className="space-y-3" aria-labelledby={`${ids}-step3`}>
                  <h3 id={`${ids}-step3`} className="text-sm font-semibold text-slate-900">
                    3. Check what will change
                  </h3>
                  <UnconfirmedLevelKindsNotice projectId={projectId} names={preview.unconfirmedLevelKinds ?? []} />
                  <TrackingUploadPreviewView preview={preview} />
                  {summary && summary.errorRows > 0 && (
                    <div className="space-y-3 rounded-lg border border-red-200 bg-red-50/50 p-3">
                      <p className="text-sm text-slate-800">
                        Fix the rows with errors in your file and upload it again. To fix them separately, download them, correct them and
                        upload that file afterwards.
                      </p>
                      <div className="flex flex-wrap gap-2">
                        <Button size="sm" variant="secondary" onClick={() => void downloadProblems("xlsx")}>
                          Download problem rows (Excel)
                        </Button>
                        <Button size="sm" variant="secondary" onClick={() => void downloadProblems("csv")}>
                          Download problem rows (CSV)
                        </Button>
                      </div>
                      {downloading && <UploadProgress label={downloading.label} fraction={downloading.fraction} />}
                      {changing > 0 && (
                        <Checkbox id={`${ids}-skip-problems`} checked={skipProblemRows} onChange={setSkipProblemRows}>
                          {`Leave out the ${n(summary.errorRows)} ${summary.errorRows === 1 ? "row" : "rows"} with errors and add the rest`}
                        </Checkbox>
                      )}
                    </div>
                  )}
                  {summary && summary.errorRows === 0 && summary.warningRows > 0 && (
                    <div className="flex flex-wrap gap-2">
                      <Button size="sm" variant="ghost" onClick={() => void downloadProblems("xlsx")}>
                        Download rows with warnings (Excel)
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => void downloadProblems("csv")}>
                        Download rows with warnings (CSV)
                      </Button>
                    </div>
                  )}
                  {summary && summary.errorRows === 0 && downloading && (
                    <UploadProgress label={downloading.label} fraction={downloading.fraction} />
                  )}
                </section>
              )}

              <div className="flex flex-col-reverse gap-2 border-t border-slate-100 pt-4 sm:flex-row sm:justify-end">
                <Dialog.Close className={buttonClasses("secondary", "md")} disabled={uploading}>
                  {job ? "Close" : "Cancel"}
                </Dialog.Close>
                <Button onClick={apply} disabled={!canApply}>
                  {changing > 0 ? `Add tracking numbers (${backers(changing)})` : "Add tracking numbers"}
                </Button>
              </div>
            </div>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
