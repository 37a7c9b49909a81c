"use client";

import { useId, useState, type DragEvent } from "react";
import { UploadIcon } from "@/components/ui/icons";
import { cn } from "@/components/ui/cn";

const ACCEPT = ".csv,.tsv,.txt,.zip,.xlsx,text/csv,application/zip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

type FileDropZoneProps = {
  maxBytes: number;
  disabled?: boolean;
  onFiles: (files: File[]) => void;
  /** A message for files refused before upload (too large). */
  onInvalid: (message: string) => void;
};

/**
 * Where the backer report goes: drop files on it, or use the file input inside it (a real input,
 * so keyboard and screen-reader users get the browser's own picker). CSV or ZIP; the size limit is
 * stated and checked before anything is sent.
 */
export function FileDropZone({ maxBytes, disabled, onFiles, onInvalid }: FileDropZoneProps) {
  const id = useId();
  const [over, setOver] = useState(false);

  const take = (list: FileList | null) => {
    const files = list ? [...list] : [];
    if (files.length === 0) return;
    const tooLarge = files.find((file) => file.size > maxBytes);
    if (tooLarge) {
      onInvalid(`${tooLarge.name} is ${formatSize(tooLarge.size)}; the limit is ${formatSize(maxBytes)} per file. Split it into smaller files (for example one per reward). Nothing was changed.`);
      return;
    }
    onFiles(files);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    if (!disabled) take(event.dataTransfer.files);
  };

  return (
    <div
      onDragOver={(event) => {
        event.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={cn(
        "flex flex-col items-center rounded-lg border-2 border-dashed px-4 py-10 text-center transition-colors sm:px-6",
        over ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-slate-50",
        disabled && "opacity-60",
      )}
    >
      <div className="mb-3 flex size-12 items-center justify-center rounded-full bg-indigo-100 text-indigo-600" aria-hidden="true">
        <UploadIcon />
      </div>
      <label htmlFor={id} className="text-base font-semibold text-slate-900">
        Backer report file
      </label>
      <p id={`${id}-hint`} className="mt-1 max-w-md text-sm text-slate-600">
        Drop Kickstarter’s backer report here — the CSV, or the ZIP with one CSV per reward — or another platform’s CSV or Excel workbook (.xlsx). Up to{" "}
        {formatSize(maxBytes)} per file. Nothing changes until you confirm the preview.
      </p>
      <input
        id={id}
        type="file"
        multiple
        accept={ACCEPT}
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        // The input keeps the chosen file's name on show while it uploads and is checked; it is
        // emptied when the picker opens instead, so choosing the same file again (after fixing it)
        // still counts as a change.
        onClick={(event) => {
          event.currentTarget.value = "";
        }}
        onChange={(event) => take(event.target.files)}
        className={cn(
          "mt-5 block w-full max-w-xs text-sm text-slate-600",
          "file:mr-3 file:rounded-lg file:border-0 file:bg-indigo-600 file:px-3.5 file:py-2 file:text-sm file:font-semibold file:text-white hover:file:bg-indigo-500",
          "rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
        )}
      />
    </div>
  );
}
