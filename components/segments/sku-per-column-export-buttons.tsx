"use client";

import type { FormEvent } from "react";
import { ExportJobDialog, ExportJobStatusButton } from "@/components/jobs/export-job-dialog";
import { useExportJob } from "@/components/jobs/use-export-job";
import { buttonClasses } from "@/components/ui/button-classes";
import { formatCount } from "@/components/ui/format";
import { exportRunsAsJob } from "@/lib/jobs/export-runs-as-job";

/**
 * The Export Reports page's "Download SKU per Column" buttons. A segment of one report page of
 * backers or fewer is a plain form post that downloads at once. More is written by the worker: a
 * dialog follows the job's progress and offers the file when it is written; the creator may close
 * it or leave, and finds the file on the Activity page. `count` is null when the segment could not
 * be counted: the route then says why.
 */
export function SkuPerColumnExportButtons({
  projectId,
  exportUrl,
  segmentName,
  count,
}: {
  projectId: string;
  exportUrl: string;
  segmentName: string;
  count: number | null;
}) {
  const { state, open, setOpen, start } = useExportJob(projectId, exportUrl);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    if (count !== null && !exportRunsAsJob(count)) return;
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const format = submitter?.value === "xlsx" ? "xlsx" : "csv";
    const form = new FormData();
    if (format === "xlsx") form.set("format", "xlsx");
    await start(form, format);
  };

  return (
    <>
      <form method="post" action={exportUrl} onSubmit={submit} className="mt-4 flex flex-wrap gap-2">
        <button type="submit" name="format" value="xlsx" className={buttonClasses("primary", "md")}>
          Download SKU per Column (Excel)
        </button>
        <button type="submit" name="format" value="csv" className={buttonClasses("secondary", "md")}>
          Download SKU per Column (CSV)
        </button>
        <ExportJobStatusButton state={state} open={open} onOpen={() => setOpen(true)} />
      </form>
      <ExportJobDialog
        state={state}
        open={open}
        onOpenChange={setOpen}
        title="SKU per Column"
        description={
          <>
            {count === null ? "The backers" : formatCount(count, "backer")} of “{segmentName}”, in Pledged At order.
            More than one page of backers is written on the server, then offered here to download.
          </>
        }
      />
    </>
  );
}
