import { z } from "zod";
import { DEFAULT_MAX_UPLOAD_BYTES } from "@/lib/csv/decode-text-file";
import { formatByteSize } from "@/lib/csv/file-problem";
import { DomainError } from "@/lib/errors";
import { ColumnMappingSchema, WorkbookSheetsSchema, type ColumnMapping, type ImportPledgeStatus, type WorkbookSheets } from "./backer-import-types";
import type { UploadedFile } from "./read-backer-import-files";
import type { PledgeLevelKindValue } from "./suggest-pledge-level-kind";

/** Largest backer file accepted by the import page (each file; a 250,000-row report is ~62 MB). */
export const MAX_BACKER_IMPORT_BYTES = DEFAULT_MAX_UPLOAD_BYTES;
/** Most files in one upload (a ZIP counts as one). */
export const MAX_BACKER_IMPORT_FILES = 20;

export type BackerImportForm = {
  files: UploadedFile[];
  mapping: ColumnMapping | undefined;
  /** The sheet the creator chose of each workbook, by file name ("Sheet to read"). */
  sheets: WorkbookSheets | undefined;
  importId: string | undefined;
  /** Kinds the creator confirmed for the new pledge levels, by level key. */
  levelKinds: Record<string, PledgeLevelKindValue> | undefined;
  /** The launch time the creator confirmed for a project that had none. */
  launchedAt: Date | undefined;
  /** The date and status the creator chose for new pledges of a file without those columns. */
  newPledgeDefaults: { pledgedAt?: Date; status?: ImportPledgeStatus } | undefined;
};

const ImportPledgeStatusSchema = z.enum(["COLLECTED", "ERRORED", "FAILED", "DROPPED", "REFUNDED"]);

const LevelKindsSchema = z.record(z.string().min(1).max(500), z.enum(["PHYSICAL", "DIGITAL", "NO_REWARD"]));

const ImportIdSchema = z.uuid({ message: "The import to confirm is not valid; upload the file again." });

/**
 * The multipart form the import page posts: one or more `file` fields (CSV or ZIP), an optional
 * `mapping` (JSON, from the column-mapping step), an optional `sheets` (JSON, file name → sheet) and, to confirm, the `importId` of the preview.
 * INVALID_INPUT with what to do when a part is missing, too large or malformed.
 */
export async function readBackerImportFormOrThrow(form: FormData, options: { requireImportId?: boolean } = {}): Promise<BackerImportForm> {
  const entries = form.getAll("file").filter((value): value is File => value instanceof File && (value.size > 0 || value.name !== ""));
  if (entries.length === 0) throw new DomainError("INVALID_INPUT", "Choose the backer report (a CSV file or Kickstarter's ZIP) to upload.");
  if (entries.length > MAX_BACKER_IMPORT_FILES) {
    throw new DomainError("INVALID_INPUT", `Upload at most ${MAX_BACKER_IMPORT_FILES} files at once, or put them in one ZIP archive.`);
  }
  for (const file of entries) {
    if (file.size > MAX_BACKER_IMPORT_BYTES) {
      throw new DomainError(
        "INVALID_INPUT",
        `${file.name} is ${formatByteSize(file.size)}; the limit is ${formatByteSize(MAX_BACKER_IMPORT_BYTES)} per file. Split it into smaller files or put it in a ZIP archive. Nothing was changed.`,
      );
    }
  }
  let mapping: ColumnMapping | undefined;
  const rawMapping = form.get("mapping");
  if (typeof rawMapping === "string" && rawMapping !== "") {
    let json: unknown;
    try {
      json = JSON.parse(rawMapping);
    } catch {
      throw new DomainError("INVALID_INPUT", "The column mapping could not be read. Choose the columns again.");
    }
    const parsed = ColumnMappingSchema.safeParse(json);
    if (!parsed.success) throw new DomainError("INVALID_INPUT", "The column mapping names a field that does not exist. Reload the page and choose the columns again.");
    mapping = parsed.data as ColumnMapping;
  }
  let sheets: WorkbookSheets | undefined;
  const rawSheets = form.get("sheets");
  if (typeof rawSheets === "string" && rawSheets !== "") {
    let json: unknown;
    try {
      json = JSON.parse(rawSheets);
    } catch {
      json = null;
    }
    const parsed = WorkbookSheetsSchema.safeParse(json);
    if (!parsed.success) throw new DomainError("INVALID_INPUT", "The sheet to read could not be read. Choose it again under \"Sheet to read\".");
    sheets = parsed.data;
  }
  let importId: string | undefined;
  const rawImportId = form.get("importId");
  if (typeof rawImportId === "string" && rawImportId !== "") {
    const parsed = ImportIdSchema.safeParse(rawImportId);
    if (!parsed.success) throw new DomainError("INVALID_INPUT", "The import to confirm is not valid; upload the file again.");
    importId = parsed.data;
  } else if (options.requireImportId) {
    throw new DomainError("INVALID_INPUT", "Preview the file before importing it.");
  }
  let levelKinds: Record<string, PledgeLevelKindValue> | undefined;
  const rawKinds = form.get("levelKinds");
  if (typeof rawKinds === "string" && rawKinds !== "") {
    let json: unknown;
    try {
      json = JSON.parse(rawKinds);
    } catch {
      json = null;
    }
    const parsed = LevelKindsSchema.safeParse(json);
    if (!parsed.success) throw new DomainError("INVALID_INPUT", "The pledge level kinds could not be read. Choose them again in the preview.");
    levelKinds = parsed.data;
  }
  let launchedAt: Date | undefined;
  const rawLaunch = form.get("launchedAt");
  if (typeof rawLaunch === "string" && rawLaunch !== "") {
    const parsed = z.iso.datetime({ offset: true }).safeParse(rawLaunch);
    if (!parsed.success) throw new DomainError("INVALID_INPUT", "The launch time could not be read. Enter it again in the preview.");
    launchedAt = new Date(parsed.data);
  }
  const newPledgeDefaults: { pledgedAt?: Date; status?: ImportPledgeStatus } = {};
  const rawDefaultDate = form.get("defaultPledgedAt");
  if (typeof rawDefaultDate === "string" && rawDefaultDate !== "") {
    const parsed = z.iso.datetime({ offset: true }).safeParse(rawDefaultDate);
    if (!parsed.success) throw new DomainError("INVALID_INPUT", "The date for new pledges could not be read. Enter it again in the preview.");
    newPledgeDefaults.pledgedAt = new Date(parsed.data);
  }
  const rawDefaultStatus = form.get("defaultStatus");
  if (typeof rawDefaultStatus === "string" && rawDefaultStatus !== "") {
    const parsed = ImportPledgeStatusSchema.safeParse(rawDefaultStatus);
    if (!parsed.success) throw new DomainError("INVALID_INPUT", "The payment status for new pledges is not one Pledgehouse knows. Choose it again in the preview.");
    newPledgeDefaults.status = parsed.data;
  }
  const files = await Promise.all(entries.map(async (file) => ({ name: file.name || "upload.csv", bytes: new Uint8Array(await file.arrayBuffer()) })));
  return {
    files,
    mapping,
    sheets,
    importId,
    levelKinds,
    launchedAt,
    newPledgeDefaults: Object.keys(newPledgeDefaults).length > 0 ? newPledgeDefaults : undefined,
  };
}
