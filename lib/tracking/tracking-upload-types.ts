import type { FileProblem } from "@/lib/csv/file-problem";
import type { TrackingPlanSummary } from "./match-tracking-rows";

/** The choices that change what an upload does; the preview and the apply must use the same ones. */
export type TrackingUploadChoices = {
  /** "Skip backers who already have a tracking number" (otherwise their numbers are replaced). */
  skipExisting: boolean;
  /** "These are separate packages". */
  separatePackages: boolean;
};

/** What the upload dialog shows before anything changes (JSON from the preview route). */
export type TrackingUploadPreview = {
  fileName: string;
  /** sha256 of the file: the apply must receive the same bytes. */
  fileHash: string;
  /** False when the file itself could not be read (wrong format, missing columns): see problems. */
  readable: boolean;
  summary: TrackingPlanSummary | null;
  /** Listed problems (repeats of one kind beyond 50 are summarised in one line). */
  problems: FileProblem[];
  /** Identifies exactly what applying would do, so the apply can refuse if anything changed since. */
  fingerprint: string | null;
  /**
   * Pledge levels of the selected backers whose kind an import suggested and nobody confirmed, so
   * a tracking number may be going to a digital-only or no-reward pledge (the preview says so).
   */
  unconfirmedLevelKinds?: string[];
  /** A workbook of several sheets: their names, and the one read (null: the chosen name is not one of them). */
  sheets?: { names: string[]; read: string | null };
};

/** What "Add tracking numbers" did. */
export type TrackingUploadResult = {
  /** The import record; null when the file changed nothing (nothing is recorded then). */
  importId: string | null;
  summary: TrackingPlanSummary;
  shipmentsAdded: number;
  shipmentsSuperseded: number;
  emailsQueued: number;
  /** Rows with problems that were left out because the creator chose to skip them. */
  skippedProblemRows: number;
};

/** One line of the apply route's progress stream (newline-delimited JSON). */
export type TrackingApplyProgress =
  | { type: "progress"; step: "reading" | "matching" | "shipments" | "emails" | "saving"; done: number; total: number }
  | { type: "done"; result: TrackingUploadResult }
  | { type: "error"; code: string; message: string; preview?: TrackingUploadPreview };
