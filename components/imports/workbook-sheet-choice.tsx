"use client";

import { useId } from "react";
import { Card } from "@/components/ui/card";
import type { WorkbookSheetChoice } from "@/lib/backers/import/backer-import-types";

/**
 * "Sheet to read" for each uploaded workbook of several sheets: the first visible sheet is read
 * until the creator picks another, which previews the upload again with that sheet.
 */
export function WorkbookSheetChoices({
  workbooks,
  disabled,
  onChoose,
}: {
  workbooks: WorkbookSheetChoice[];
  disabled: boolean;
  onChoose: (file: string, sheet: string) => void;
}) {
  const ids = useId();
  if (workbooks.length === 0) return null;
  return (
    <Card>
      <div className="space-y-4">
        {workbooks.map((workbook, index) => (
          <div key={workbook.file} className="text-sm">
            <label htmlFor={`${ids}-${index}`} className="font-medium text-slate-900">
              {workbooks.length === 1 ? "Sheet to read" : `Sheet to read in ${workbook.file}`}
            </label>
            <select
              id={`${ids}-${index}`}
              value={workbook.read ?? ""}
              disabled={disabled}
              onChange={(event) => onChoose(workbook.file, event.target.value)}
              aria-describedby={`${ids}-${index}-hint`}
              className="mt-1 block w-full max-w-xs rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              {workbook.read === null && <option value="">Choose a sheet</option>}
              {workbook.names.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            <p id={`${ids}-${index}-hint`} className="mt-1 break-words text-slate-500">
              {workbook.file} has {workbook.names.length} sheets; choose the one with the backers.
            </p>
          </div>
        ))}
      </div>
    </Card>
  );
}
