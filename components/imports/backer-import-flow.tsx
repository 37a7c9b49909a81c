"use client";

import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/link-button";
import type { ColumnMapping } from "@/lib/backers/import/backer-import-types";
import type { PledgeLevelKindValue } from "@/lib/backers/import/suggest-pledge-level-kind";
import { utcToZonedWallTime, zonedWallTimeToUtc, type ZonedWallTime } from "@/lib/projects/zoned-time";
import type { BackerImportPreviewView, BackerImportJobResult } from "@/lib/backers/import/summarize-backer-import-preview";
import { describeUnfinishedProjectJob, followStartedProjectJob } from "@/components/jobs/follow-project-job";
import type { ProjectJobProgressReading } from "@/components/jobs/project-job-progress";
import { ColumnMappingForm } from "./column-mapping-form";
import { FileDropZone } from "./file-drop-zone";
import { ImportPreview } from "./import-preview";
import { ImportProgress } from "./import-progress";
import { ImportSetupChoices, type NewPledgeDefaultsChoice } from "./import-setup-choices";
import { WorkbookSheetChoices } from "./workbook-sheet-choice";
import { useFormUpload } from "@/components/uploads/use-form-upload";

type ImportResult = BackerImportJobResult;

type Step =
  | { kind: "choose" }
  | { kind: "checking" }
  /** `preview` is the rejection that led here (absent when the creator came back to change the mapping). */
  | { kind: "mapping"; preview: BackerImportPreviewView | null }
  | { kind: "preview"; preview: BackerImportPreviewView }
  /** `job`: the import's job in the worker, once the files are stored and it is queued (until then the upload's progress). */
  | { kind: "confirming"; preview: BackerImportPreviewView; job: ProjectJobProgressReading | null }
  | { kind: "done"; preview: BackerImportPreviewView; result: ImportResult };

type BackerImportFlowProps = {
  projectId: string;
  currency: string;
  maxBytes: number;
  backersHref: string;
  importsHref: string;
  /** The project's IANA zone, for the proposed launch time. */
  timeZone: string;
};

/** Problems with a whole file (not a row) that stopped it from being read. */
function fileErrors(preview: BackerImportPreviewView) {
  return preview.problems.filter((problem) => problem.severity === "error" && problem.row === undefined);
}

const LOST_BEFORE_CONFIRM = "The connection was lost during the upload. Check your connection and try again; nothing was changed.";

function readFailure(text: string, status: number): string {
  try {
    const body = JSON.parse(text) as { message?: string };
    if (body.message) return body.message;
  } catch {
    // Not JSON: a proxy's or the server's own error page.
  }
  return status === 413
    ? "The file is larger than the server accepts. Split it into smaller files; nothing was changed."
    : `The server could not read the upload (HTTP ${status}). Try again in a moment; nothing was changed.`;
}

/**
 * "Import backers": choose or drop a CSV or ZIP → preview (what will be added, updated, left alone,
 * created, and every problem) → the column-mapping step for files that are not a Kickstarter report
 * → confirm, with upload and server progress → a summary that links to the backer report. The files
 * stay in the browser between the steps and are sent again to confirm; the server checks they are
 * the ones it previewed.
 */
export function BackerImportFlow({ projectId, currency, maxBytes, backersHref, importsHref, timeZone }: BackerImportFlowProps) {
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const [files, setFiles] = useState<File[]>([]);
  const [mapping, setMapping] = useState<ColumnMapping | undefined>(undefined);
  // The sheet chosen of each workbook of several sheets, by file name (none: its first sheet).
  const [sheets, setSheets] = useState<Record<string, string>>({});
  const [columns, setColumns] = useState<{ file: string; headers: string[]; suggested: ColumnMapping } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The creator's choices in the preview: kinds of new pledge levels (by key) and the launch.
  const [kinds, setKinds] = useState<Record<string, PledgeLevelKindValue>>({});
  const [launch, setLaunch] = useState<ZonedWallTime | null>(null);
  const [defaults, setDefaults] = useState<NewPledgeDefaultsChoice | null>(null);
  const base = `/projects/${projectId}/imports`;
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The preview and the confirm post the files with the upload's progress (bytes sent, then the server reading them).
  const { progress: upload, post } = useFormUpload();

  const focusStep = () => requestAnimationFrame(() => headingRef.current?.focus());

  const formFor = (chosen: File[], extra: Record<string, string>) => {
    const form = new FormData();
    for (const file of chosen) form.append("file", file, file.name);
    for (const [key, value] of Object.entries(extra)) form.append(key, value);
    return form;
  };

  const preview = async (chosen: File[], withMapping: ColumnMapping | undefined, withSheets: Record<string, string> = sheets) => {
    setError(null);
    setFiles(chosen);
    setMapping(withMapping);
    setSheets(withSheets);
    setStep({ kind: "checking" });
    const label = chosen.map((file) => file.name).join(", ");
    try {
      const extra: Record<string, string> = {};
      if (withMapping) extra.mapping = JSON.stringify(withMapping);
      if (Object.keys(withSheets).length > 0) extra.sheets = JSON.stringify(withSheets);
      const response = await post(`${base}/preview`, formFor(chosen, extra), { uploading: `Uploading ${label}`, checking: `Checking ${label}` });
      if (response.status !== 200) {
        setError(readFailure(response.text, response.status));
        setStep({ kind: "choose" });
        return;
      }
      const view = (JSON.parse(response.text) as { data: BackerImportPreviewView }).data;
      setKinds({});
      setLaunch(view.proposedLaunchAt ? utcToZonedWallTime(new Date(view.proposedLaunchAt), timeZone) : null);
      setDefaults(
        view.newPledgeDefaults
          ? {
              pledgedAt: view.newPledgeDefaults.withoutDate > 0 ? utcToZonedWallTime(new Date(view.newPledgeDefaults.pledgedAt), timeZone) : null,
              status: view.newPledgeDefaults.status,
            }
          : null,
      );
      if (view.needsMapping.length > 0 && withMapping === undefined) {
        setColumns(view.needsMapping[0]);
        setStep({ kind: "mapping", preview: view });
      } else setStep({ kind: "preview", preview: view });
      focusStep();
    } catch {
      setError(LOST_BEFORE_CONFIRM);
      setStep({ kind: "choose" });
    }
  };

  const confirm = async (view: BackerImportPreviewView) => {
    setError(null);
    const extra: Record<string, string> = { importId: view.importId };
    if (view.newPledgeLevels.length > 0) {
      extra.levelKinds = JSON.stringify(Object.fromEntries(view.newPledgeLevels.map((level) => [level.key, kinds[level.key] ?? level.suggestedKind])));
    }
    if (launch !== null) {
      const at = zonedWallTimeToUtc(launch, timeZone);
      if (at === null) {
        setError("Enter the launch as a date and a time, such as 2026-03-03 and 14:00.");
        return;
      }
      extra.launchedAt = at.toISOString();
    }
    if (view.newPledgeDefaults && defaults) {
      if (defaults.pledgedAt !== null) {
        const at = zonedWallTimeToUtc(defaults.pledgedAt, timeZone);
        if (at === null) {
          setError("Enter the date of the new pledges as a date and a time, such as 2026-03-31 and 12:00.");
          return;
        }
        extra.defaultPledgedAt = at.toISOString();
      }
      if (view.newPledgeDefaults.withoutStatus > 0) extra.defaultStatus = defaults.status;
    }
    setStep({ kind: "confirming", preview: view, job: null });
    const uploading = `Uploading ${fileLabel} again to import it`;
    let jobId: string;
    try {
      // Once sent, the server stores the files and queues the job: the same words, without a percentage.
      const response = await post(`${base}/confirm`, formFor(files, extra), { uploading, checking: uploading });
      if (response.status !== 202) {
        setError(readFailure(response.text, response.status));
        setStep({ kind: "preview", preview: view });
        return;
      }
      jobId = (JSON.parse(response.text) as { jobId: string }).jobId;
    } catch {
      setError(LOST_BEFORE_CONFIRM);
      setStep({ kind: "preview", preview: view });
      return;
    }
    // The import runs in the worker: the page follows it, and may be left meanwhile.
    const finished = await followStartedProjectJob(projectId, jobId, (job) => setStep({ kind: "confirming", preview: view, job }));
    if (finished.status === "DONE") {
      setStep({ kind: "done", preview: view, result: finished.result as ImportResult });
      focusStep();
    } else {
      setError(describeUnfinishedProjectJob(finished, "The import stopped before it finished; nothing was changed. Try again."));
      setStep({ kind: "preview", preview: view });
    }
  };

  const restart = () => {
    setError(null);
    setFiles([]);
    setMapping(undefined);
    setSheets({});
    setColumns(null);
    setStep({ kind: "choose" });
    focusStep();
  };

  const fileLabel = files.map((file) => file.name).join(", ");
  // Another sheet is read with the mapping in use, if any; without one, its columns are recognised afresh.
  const chooseSheet = (file: string, sheet: string) => void preview(files, mapping, { ...sheets, [file]: sheet });

  return (
    <div className="space-y-6">
      <h2 ref={headingRef} tabIndex={-1} className="sr-only">
        {step.kind === "choose" || step.kind === "checking"
          ? "Upload"
          : step.kind === "mapping"
            ? "Match columns"
            : step.kind === "done"
              ? "Import finished"
              : "Preview"}
      </h2>
      <ol aria-label="Steps" className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
        {[
          { label: "Upload", active: step.kind === "choose" || step.kind === "checking" },
          // Shown once a file needs it (other platforms, your own sheet), so the stepper moves on.
          ...(step.kind === "mapping" || mapping ? [{ label: "Match columns", active: step.kind === "mapping" }] : []),
          { label: "Preview", active: step.kind === "preview" },
          { label: "Import", active: step.kind === "confirming" || step.kind === "done" },
        ].map((item, index) => (
          <li key={item.label} aria-current={item.active ? "step" : undefined} className={item.active ? "font-semibold text-indigo-700" : "text-slate-500"}>
            <span
              className={`mr-2 inline-flex size-6 items-center justify-center rounded-full text-xs ${item.active ? "bg-indigo-600 text-white" : "bg-slate-200 text-slate-700"}`}
              aria-hidden="true"
            >
              {index + 1}
            </span>
            {item.label}
          </li>
        ))}
      </ol>

      {error && (
        <Alert tone="error" title={step.kind === "preview" ? "The import did not go through" : "The file was not uploaded"}>
          {error}
        </Alert>
      )}

      {(step.kind === "choose" || step.kind === "checking") && (
        <Card>
          <FileDropZone maxBytes={maxBytes} disabled={step.kind === "checking"} onFiles={(chosen) => void preview(chosen, undefined, {})} onInvalid={setError} />
          {step.kind === "checking" && upload && (
            <div className="mt-5">
              <ImportProgress
                label={upload.label}
                detail={upload.fraction === null ? "Reading every row and comparing it with your backers. Nothing changes yet." : undefined}
                value={upload.fraction}
              />
            </div>
          )}
        </Card>
      )}

      {step.kind === "mapping" && columns && (
        <>
          {step.preview && <WorkbookSheetChoices workbooks={step.preview.sheets} disabled={false} onChoose={chooseSheet} />}
          {step.preview && fileErrors(step.preview).length > 0 && (
            <Alert tone="error" title={`${fileLabel} is not a Kickstarter backer report we recognise — nothing was changed`}>
              {fileErrors(step.preview)
                .slice(0, 3)
                .map((problem, index) => (
                  <p key={index} className="mt-1 break-words">
                    {problem.message} {problem.fix}
                  </p>
                ))}
            </Alert>
          )}
          <Card>
            <ColumnMappingForm
              fileName={columns.file}
              headers={columns.headers}
              initial={mapping ?? columns.suggested}
              onSubmit={(chosen) => void preview(files, chosen)}
              onCancel={restart}
            />
          </Card>
        </>
      )}

      {(step.kind === "preview" || step.kind === "confirming") && (
        <WorkbookSheetChoices workbooks={step.preview.sheets} disabled={step.kind === "confirming"} onChoose={chooseSheet} />
      )}

      {(step.kind === "preview" || step.kind === "confirming") && (
        <ImportPreview preview={step.preview} currency={currency} fileLabel={fileLabel}>
          {step.kind === "confirming" ? (
            <ImportProgress
              label={step.job ? step.job.step : (upload?.label ?? `Uploading ${fileLabel} again to import it`)}
              detail={
                step.job
                  ? "This runs on the server: you can leave this page. The project header shows it while it runs, and the Activity page shows the result. The import is all or nothing: if it stops, no backer is changed."
                  : "Keep this page open until the upload is done. The import is all or nothing: if it stops, no backer is changed."
              }
              value={step.job ? (step.job.percent === null ? null : step.job.percent / 100) : (upload?.fraction ?? null)}
            />
          ) : (
            <div className="space-y-5">
              {step.preview.ok && (
                <ImportSetupChoices
                  levels={step.preview.newPledgeLevels}
                  kinds={kinds}
                  onKindChange={(key, kind) => setKinds((current) => ({ ...current, [key]: kind }))}
                  currency={currency}
                  launch={launch}
                  onLaunchChange={setLaunch}
                  timeZone={timeZone}
                  newPledges={step.preview.newPledgeDefaults}
                  defaults={defaults}
                  onDefaultsChange={setDefaults}
                  disabled={false}
                />
              )}
            <div className="flex flex-wrap gap-3">
              {step.preview.ok && step.preview.counts.add + step.preview.counts.update > 0 && (
                <Button onClick={() => void confirm(step.preview)}>
                  Import {(step.preview.counts.add + step.preview.counts.update).toLocaleString("en-US")}{" "}
                  {step.preview.counts.add + step.preview.counts.update === 1 ? "backer" : "backers"}
                </Button>
              )}
              {step.preview.ok && step.preview.counts.add + step.preview.counts.update === 0 && (
                <p role="status" className="w-full text-sm font-medium text-slate-900">
                  {step.preview.counts.unchanged === 1
                    ? "The 1 backer in this file is up to date: there is nothing to import."
                    : `All ${step.preview.counts.unchanged.toLocaleString("en-US")} backers in this file are up to date: there is nothing to import.`}
                </p>
              )}
              {mapping && columns && (
                <Button variant="secondary" onClick={() => setStep({ kind: "mapping", preview: null })}>
                  Change column mapping
                </Button>
              )}
              <Button variant="secondary" onClick={restart}>
                {step.preview.ok && step.preview.counts.add + step.preview.counts.update > 0 ? "Cancel" : "Choose another file"}
              </Button>
            </div>
            </div>
          )}
        </ImportPreview>
      )}

      {step.kind === "done" && (
        <Card className="border-green-200">
          <div role="status" className="space-y-4">
            <div className="flex items-start gap-3">
              <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-green-100 text-green-700" aria-hidden="true">
                <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} className="size-5">
                  <path d="m5 12 5 5L20 7" strokeLinecap="round" strokeLinejoin="round" />
                </svg>
              </span>
              <div className="min-w-0">
                <h2 className="text-lg font-semibold text-slate-900">Backers imported</h2>
                <p className="mt-0.5 text-sm break-words text-slate-600">{fileLabel}</p>
              </div>
            </div>
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
              {[
                ["Added", step.result.added],
                ["Updated", step.result.updated],
                ["Unchanged", step.result.unchanged],
                ["New pledge levels", step.result.pledgeLevelsCreated],
                ["New items", step.result.itemsCreated],
              ].map(([label, value]) => (
                <div key={label} className="rounded-lg bg-slate-50 px-3 py-2">
                  <dt className="text-xs font-medium text-slate-500">{label}</dt>
                  <dd className="text-xl font-semibold text-slate-900 tabular-nums">{Number(value).toLocaleString("en-US")}</dd>
                </div>
              ))}
            </dl>
            <div className="flex flex-wrap gap-3">
              <LinkButton href={backersHref}>Open the backer report</LinkButton>
              <LinkButton href={importsHref} variant="secondary">
                See all imports
              </LinkButton>
              <Button variant="ghost" onClick={restart}>
                Import another file
              </Button>
            </div>
          </div>
        </Card>
      )}
    </div>
  );
}
