import { Badge } from "@/components/ui/badge";
import type { FileProblem } from "@/lib/csv/file-problem";
import type { TrackingUploadPreview } from "@/lib/tracking/tracking-upload-types";
import { formatCount } from "@/components/ui/format";

const n = (value: number) => value.toLocaleString("en-US");
const backers = (value: number) => formatCount(value, "backer");

function Count({ label, value, tone }: { label: string; value: number; tone?: "indigo" | "amber" | "slate" }) {
  const colors = tone === "indigo" ? "text-indigo-700" : tone === "amber" ? "text-amber-700" : "text-slate-900";
  return (
    <div className="rounded-lg border border-slate-200 px-3 py-2">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className={`text-xl font-semibold tabular-nums ${colors}`}>{n(value)}</dd>
    </div>
  );
}

function ProblemRow({ problem }: { problem: FileProblem }) {
  return (
    <li className="grid grid-cols-[4.5rem_1fr] gap-x-3 gap-y-1 px-3 py-2.5 text-sm">
      <div className="space-y-1">
        <p className="font-medium text-slate-900 tabular-nums">
          {problem.row === undefined ? "File" : `Row ${problem.row}`}
        </p>
        <Badge tone={problem.severity === "error" ? "red" : "amber"}>
          {problem.severity === "error" ? "Error" : "Warning"}
        </Badge>
      </div>
      <div className="min-w-0 space-y-1">
        {problem.value !== undefined && (
          <p className="text-xs text-slate-500">
            {problem.column ?? "Value"}:{" "}
            <code className="rounded bg-slate-100 px-1 py-0.5 font-mono break-all text-slate-800">{problem.value}</code>
          </p>
        )}
        <p className="text-slate-900">{problem.message}</p>
        <p className="text-slate-600">
          <span className="font-medium text-slate-700">Fix: </span>
          {problem.fix}
        </p>
      </div>
    </li>
  );
}

/** What applying an upload would do: the counts, then every problem with its row, value and fix. */
export function TrackingUploadPreviewView({ preview }: { preview: TrackingUploadPreview }) {
  const { summary, problems } = preview;
  return (
    <div className="space-y-4" data-testid="tracking-preview">
      {summary && (
        <div className="space-y-2">
          <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3">
            <Count label="Get a new number" value={summary.newBackers} tone="indigo" />
            <Count
              label="Would be replaced"
              value={summary.replacedBackers}
              tone={summary.replacedBackers > 0 ? "amber" : undefined}
            />
            <Count label="Unchanged" value={summary.unchangedBackers} />
            {summary.addedBackers > 0 && (
              <Count label="Get another package" value={summary.addedBackers} tone="indigo" />
            )}
            {summary.skippedBackers > 0 && <Count label="Skipped (have a number)" value={summary.skippedBackers} />}
          </dl>
          <p className="text-xs text-slate-500">
            {n(summary.rows)} {summary.rows === 1 ? "row" : "rows"} read
            {summary.blankRows > 0 &&
              `; ${n(summary.blankRows)} with an empty tracking cell skipped (nobody is marked as shipped)`}
            {summary.packages > 0 &&
              `; ${n(summary.packages)} ${summary.packages === 1 ? "package" : "packages"} to add and ${backers(summary.newBackers + summary.replacedBackers + summary.addedBackers)} to email`}
            .
          </p>
          {summary.blankRows > 0 && (
            <p className="text-sm text-slate-700" data-testid="tracking-blank-rows">
              {summary.blankRows === 1 ? "Row" : "Rows"} without a tracking number: {summary.blankRowNumbers.join(", ")}
              {summary.blankRows > summary.blankRowNumbers.length &&
                ` and ${n(summary.blankRows - summary.blankRowNumbers.length)} more`}
              . {summary.blankRows === 1 ? "This backer is" : "These backers are"} left as they are; fill in the numbers
              and upload again when {summary.blankRows === 1 ? "the parcel ships" : "their parcels ship"}.
            </p>
          )}
        </div>
      )}
      {problems.length > 0 && (
        <div>
          <h3 className="text-sm font-semibold text-slate-900">
            {summary
              ? `${n(summary.errorRows)} ${summary.errorRows === 1 ? "row" : "rows"} with errors, ${n(summary.warningRows)} with warnings`
              : "This file cannot be used"}
          </h3>
          <ul
            className="mt-2 max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200"
            aria-label="Problems in the file"
          >
            {problems.map((problem, index) => (
              <ProblemRow key={`${problem.row ?? "file"}-${index}`} problem={problem} />
            ))}
          </ul>
        </div>
      )}
      {summary &&
        summary.errorRows === 0 &&
        summary.newBackers + summary.replacedBackers + summary.addedBackers === 0 && (
          <p className="text-sm text-slate-700">
            Nothing to add: every number in this file is already saved{summary.skippedBackers > 0 ? " or skipped" : ""}.
            Uploading it again sends no email.
          </p>
        )}
      {summary && summary.backersWithSeveralNumbers > 0 && (
        <p className="text-sm text-slate-700">
          {backers(summary.backersWithSeveralNumbers)} {summary.backersWithSeveralNumbers === 1 ? "has" : "have"}{" "}
          several different numbers.
        </p>
      )}
    </div>
  );
}
