import "server-only";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { prisma } from "@/lib/db/client";
import { identifySpreadsheet } from "@/lib/spreadsheets/identify-spreadsheet";
import { listWorkbookSheets } from "@/lib/spreadsheets/read-workbook-rows";
import { hashTrackingFile, planTrackingUpload } from "./plan-tracking-upload";
import type { TrackingUploadChoices, TrackingUploadPreview } from "./tracking-upload-types";

export type TrackingUploadInput = TrackingUploadChoices & {
  projectId: string;
  fileName: string;
  bytes: Uint8Array;
  /** A workbook's sheet to read, by name; its first visible sheet when unset. */
  sheet?: string;
  /** The selection the template was made for. */
  selection: BackerSelection;
};

/**
 * Reads, validates and matches an uploaded tracking file and says what applying it would do —
 * new, replaced, unchanged and skipped backers, and every problem with its row, value and fix —
 * without changing anything. The caller must have checked that the user is a project member.
 */
export async function previewTrackingUpload(input: TrackingUploadInput): Promise<TrackingUploadPreview> {
  const fileHash = hashTrackingFile(input.bytes);
  const { file, plan } = await planTrackingUpload(prisma, input.projectId, input, input.selection, input);
  // A workbook of several sheets lets the creator choose which one holds the tracking numbers.
  const listed = identifySpreadsheet(input.bytes, input.fileName).kind === "xlsx" ? listWorkbookSheets(input.bytes, input.fileName, input.sheet) : null;
  const sheets = listed && listed.names.length > 1 ? { sheets: listed } : {};
  if (!plan)
    return { fileName: input.fileName, fileHash, readable: false, summary: null, problems: file.problems, fingerprint: null, ...sheets };
  return {
    ...sheets,
    fileName: input.fileName,
    fileHash,
    readable: true,
    summary: plan.summary,
    problems: [...file.problems, ...plan.problems],
    fingerprint: plan.fingerprint,
  };
}
