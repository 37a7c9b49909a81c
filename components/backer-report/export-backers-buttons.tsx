"use client";

import type { FormEvent } from "react";
import { ExportJobDialog, ExportJobStatusButton } from "@/components/jobs/export-job-dialog";
import { useExportJob } from "@/components/jobs/use-export-job";
import { buttonClasses } from "@/components/ui/button-classes";
import { formatCount } from "@/components/ui/format";
import {
  backerReportExportRunsAsJob,
  type BackerReportExportFormat,
} from "@/lib/backers/report/backer-report-export-file";
import type { BackerReportSortKey, SortDirection } from "@/lib/backers/report/backer-report-query-schema";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";

/**
 * The selection bar's "Export Excel" and "Export CSV". One report page of backers or fewer is a
 * plain form post that downloads at once. More is written by the worker: a dialog follows the
 * job's progress and offers the file when it is written; the creator may close it or leave, and
 * finds the file on the Activity page.
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
  const { state, open, setOpen, start } = useExportJob(projectId, exportUrl);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    if (!backerReportExportRunsAsJob(count)) return;
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const format: BackerReportExportFormat = submitter?.value === "xlsx" ? "xlsx" : "csv";
    const form = new FormData(event.currentTarget);
    if (format === "xlsx") form.set("format", "xlsx");
    else form.delete("format");
    await start(form, format);
  };

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
        <ExportJobStatusButton state={state} open={open} onOpen={() => setOpen(true)} />
      </form>
      <ExportJobDialog
        state={state}
        open={open}
        onOpenChange={setOpen}
        title="Export"
        description={
          <>
            {formatCount(count, "backer")} in the report&apos;s order. More than one page of backers is written on the
            server, then offered here to download.
          </>
        }
      />
    </>
  );
}
