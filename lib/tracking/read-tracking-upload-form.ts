import "server-only";
import { BackerSelectionSchema, type BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { DEFAULT_MAX_UPLOAD_BYTES } from "@/lib/csv/decode-text-file";
import { formatByteSize } from "@/lib/csv/file-problem";
import { DomainError } from "@/lib/errors";

export type TrackingUploadForm = {
  selection: BackerSelection;
  fileName: string;
  bytes: Uint8Array;
  /** The workbook sheet the creator chose; unset: the first visible one. */
  sheet?: string;
  skipExisting: boolean;
  separatePackages: boolean;
  skipProblemRows: boolean;
  fingerprint: string | null;
};

const checked = (form: FormData, name: string) => {
  const value = form.get(name);
  return value === "on" || value === "true" || value === "1";
};

/** The selection field (JSON) the upload dialog posts; INVALID_INPUT with what to do otherwise. */
export function readSelectionFieldOrThrow(form: FormData): BackerSelection {
  const raw = form.get("selection");
  if (typeof raw !== "string" || raw === "") {
    throw new DomainError("INVALID_INPUT", "No backers were selected. Select backers in the backer report and try again.");
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new DomainError("INVALID_INPUT", "The selection could not be read. Reload the backer report and select the backers again.");
  }
  const parsed = BackerSelectionSchema.safeParse(json);
  if (!parsed.success) throw new DomainError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "The selection is not valid.");
  return parsed.data;
}

/**
 * The form the tracking upload dialog posts to the preview, apply and problem-rows routes:
 * `file`, `selection` (JSON), the two choices, and for the apply `fingerprint` and `skipProblemRows`.
 */
export async function readTrackingUploadFormOrThrow(form: FormData, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): Promise<TrackingUploadForm> {
  const selection = readSelectionFieldOrThrow(form);
  const file = form.get("file");
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) {
    throw new DomainError("INVALID_INPUT", "Choose the filled template (.xlsx or CSV) to upload.");
  }
  if (file.size > maxBytes) {
    throw new DomainError("INVALID_INPUT", `${file.name} is ${formatByteSize(file.size)}; the limit is ${formatByteSize(maxBytes)}. Split it into smaller files.`);
  }
  const fingerprint = form.get("fingerprint");
  const sheet = form.get("sheet");
  return {
    selection,
    fileName: file.name || "upload.csv",
    bytes: new Uint8Array(await file.arrayBuffer()),
    // Excel's sheet names are at most 31 characters; a longer one names no sheet and is refused by the reader.
    ...(typeof sheet === "string" && sheet !== "" ? { sheet: sheet.slice(0, 200) } : {}),
    skipExisting: checked(form, "skipExisting"),
    separatePackages: checked(form, "separatePackages"),
    skipProblemRows: checked(form, "skipProblemRows"),
    fingerprint: typeof fingerprint === "string" && /^[0-9a-f]{64}$/.test(fingerprint) ? fingerprint : null,
  };
}
