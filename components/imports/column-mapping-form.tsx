"use client";

import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import {
  BACKER_IMPORT_FIELD_LABELS,
  BACKER_IMPORT_FIELDS,
  type BackerImportField,
  type ColumnMapping,
} from "@/lib/backers/import/backer-import-types";

/** The fields most files have, shown first; the rest sit behind "More fields". */
const MAIN_FIELDS: BackerImportField[] = [
  "email",
  "name",
  "backerNumber",
  "platformUid",
  "rewardTitle",
  "pledgeAmount",
  "pledgedAt",
  "pledgeStatus",
  "country",
];
const MORE_FIELDS = BACKER_IMPORT_FIELDS.filter((field) => !MAIN_FIELDS.includes(field));

type ColumnMappingFormProps = {
  fileName: string;
  headers: string[];
  /** Starting choices: the suggestion, or the mapping the creator chose before. */
  initial: ColumnMapping;
  onSubmit: (mapping: ColumnMapping) => void;
  onCancel: () => void;
  disabled?: boolean;
};

/**
 * The column-mapping step for files that are not a Kickstarter backer report: one select per
 * field (pre-filled with the suggestion), and the columns that hold item or add-on quantities.
 * Email is required, since every backer needs one; a column can serve one field only.
 */
export function ColumnMappingForm({ fileName, headers, initial, onSubmit, onCancel, disabled }: ColumnMappingFormProps) {
  const id = useId();
  const [mapping, setMapping] = useState<ColumnMapping>(initial);
  const [error, setError] = useState<string | null>(null);
  const used = new Map<string, BackerImportField>();
  for (const field of BACKER_IMPORT_FIELDS) if (mapping[field]) used.set(mapping[field]!, field);
  const itemColumns = new Set(mapping.itemColumns ?? []);
  const free = headers.filter((header) => !used.has(header));

  const choose = (field: BackerImportField, header: string) => {
    setError(null);
    setMapping((current) => {
      const next: ColumnMapping = { ...current, itemColumns: (current.itemColumns ?? []).filter((column) => column !== header) };
      for (const other of BACKER_IMPORT_FIELDS) if (other !== field && next[other] === header) delete next[other];
      if (header === "") delete next[field];
      else next[field] = header;
      return next;
    });
  };
  const toggleItem = (header: string, on: boolean) =>
    setMapping((current) => {
      const columns = new Set(current.itemColumns ?? []);
      if (on) columns.add(header);
      else columns.delete(header);
      return { ...current, itemColumns: [...columns] };
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mapping.email) {
      setError("Choose the column that holds each backer's email address; every backer needs one.");
      return;
    }
    const cleaned: ColumnMapping = { ...mapping };
    if (!cleaned.itemColumns?.length) delete cleaned.itemColumns;
    onSubmit(cleaned);
  };

  const select = (field: BackerImportField) => (
    <div key={field} className="grid gap-1.5 sm:grid-cols-[14rem_1fr] sm:items-center sm:gap-4">
      <label htmlFor={`${id}-${field}`} className="text-sm font-medium text-slate-900">
        {BACKER_IMPORT_FIELD_LABELS[field]}
        {field === "email" && <span className="font-normal text-slate-500"> (required)</span>}
      </label>
      <Select
        id={`${id}-${field}`}
        value={mapping[field] ?? ""}
        onChange={(event) => choose(field, event.target.value)}
        aria-invalid={field === "email" && error ? true : undefined}
        aria-describedby={field === "email" && error ? `${id}-error` : undefined}
        disabled={disabled}
      >
        <option value="">— Not in this file —</option>
        {headers.map((header) => (
          <option key={header} value={header}>
            {header}
            {used.has(header) && used.get(header) !== field ? ` (used for ${BACKER_IMPORT_FIELD_LABELS[used.get(header)!]})` : ""}
          </option>
        ))}
      </Select>
    </div>
  );

  return (
    <form onSubmit={submit} className="space-y-6" noValidate>
      <div>
        <h2 className="text-base font-semibold text-slate-900">Match the columns of {fileName}</h2>
        <p className="mt-1 text-sm text-slate-600">
          Say which column holds each field. We filled in our best guess; fields left at “Not in this file” are not imported, and
          existing backers keep what they have for them.
        </p>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
          {error}
        </p>
      )}
      <fieldset className="space-y-3" disabled={disabled}>
        <legend className="sr-only">Main fields</legend>
        {MAIN_FIELDS.map(select)}
      </fieldset>
      <details className="group rounded-lg border border-slate-200 px-4 py-3">
        <summary className="cursor-pointer text-sm font-medium text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
          More fields: shipping address, amounts, notes
        </summary>
        <div className="mt-4 space-y-3">{MORE_FIELDS.map(select)}</div>
      </details>
      {free.length > 0 && (
        <fieldset className="space-y-2" disabled={disabled}>
          <legend className="text-sm font-medium text-slate-900">Item and add-on quantity columns</legend>
          <p className="text-sm text-slate-500">Tick the columns that hold how many of an item or add-on each backer gets; each becomes an item.</p>
          <div className="grid gap-2 sm:grid-cols-2">
            {free.map((header) => (
              <label key={header} className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  className="size-4 rounded border-slate-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  checked={itemColumns.has(header)}
                  onChange={(event) => toggleItem(header, event.target.checked)}
                />
                <span className="break-all">{header}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={disabled}>
          Preview with these columns
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={disabled}>
          Choose another file
        </Button>
      </div>
    </form>
  );
}
