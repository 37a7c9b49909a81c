"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { FileProblem } from "@/lib/csv/file-problem";
import { toCsv } from "@/lib/csv/to-csv";

const PAGE = 20;

function downloadProblems(problems: readonly FileProblem[], fileName: string) {
  const csv = toCsv(
    ["File", "Row", "Column", "Value", "Problem", "How to fix it", "Severity"],
    problems.map((problem) => [problem.file, problem.row ?? null, problem.column ?? null, problem.value ?? null, problem.message, problem.fix, problem.severity]),
  );
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * Every problem of an upload — errors first — with where it is (file, row, column), the value, what
 * is wrong and how to fix it. Shows the first 20 and the rest on request, and offers the whole list
 * as a CSV to work through in a spreadsheet.
 */
export function ImportProblemList({ problems, downloadName = "import-problems.csv" }: { problems: readonly FileProblem[]; downloadName?: string }) {
  const [shown, setShown] = useState(PAGE);
  if (problems.length === 0) return null;
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  const errors = problems.filter((problem) => problem.severity === "error").length;
  const warnings = problems.length - errors;
  const hidden = sorted.length - shown;
  return (
    <section aria-labelledby="import-problems-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="import-problems-heading" className="text-base font-semibold text-slate-900">
          {errors > 0 && `${errors} ${errors === 1 ? "problem" : "problems"} to fix`}
          {errors > 0 && warnings > 0 && " · "}
          {warnings > 0 && `${warnings} ${warnings === 1 ? "note" : "notes"}`}
        </h3>
        <Button variant="secondary" size="sm" onClick={() => downloadProblems(sorted, downloadName)}>
          Download as CSV
        </Button>
      </div>
      <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white">
        {sorted.slice(0, shown).map((problem, index) => (
          <li key={index} className="px-4 py-3 text-sm">
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-slate-500">
              {problem.severity === "error" ? <Badge tone="red">Problem</Badge> : <Badge tone="amber">Note</Badge>}
              <span className="break-all">{problem.file}</span>
              {problem.row !== undefined && <span>· row {problem.row}</span>}
              {problem.column !== undefined && (
                <span>
                  · column <span className="font-medium text-slate-700">{problem.column}</span>
                </span>
              )}
            </div>
            {problem.value !== undefined && problem.value !== "" && (
              <p className="mt-1">
                <span className="sr-only">Value: </span>
                <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs break-all text-slate-800">{problem.value}</code>
              </p>
            )}
            <p className="mt-1 break-words text-slate-900">{problem.message}</p>
            <p className="mt-0.5 text-slate-600">
              <span className="font-medium">Fix: </span>
              {problem.fix}
            </p>
          </li>
        ))}
      </ul>
      {hidden > 0 && (
        <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
          <span>{hidden} more not shown.</span>
          <Button variant="secondary" size="sm" onClick={() => setShown((count) => count + 100)}>
            Show {Math.min(hidden, 100)} more
          </Button>
        </div>
      )}
    </section>
  );
}
