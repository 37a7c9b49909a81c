import "server-only";
import { createHash } from "node:crypto";
import { createTimeSlicer } from "@/lib/node/create-time-slicer";
import type { Tx } from "@/lib/db/client";
import type { TransactionOptions } from "@/lib/db/run-in-transaction";
import { DomainError, isUniqueViolation } from "@/lib/errors";
import { formatFileProblem } from "@/lib/csv/file-problem";
import { createBackerImportWriter, type BackerImportSummary } from "./apply-backer-import";
import {
  ColumnMappingSchema,
  WorkbookSheetsSchema,
  type ColumnMapping,
  type ImportPledgeStatus,
  type WorkbookSheetChoice,
  type WorkbookSheets,
} from "./backer-import-types";
import { setImportedLevelKinds } from "./set-imported-level-kinds";
import type { PledgeLevelKindValue } from "./suggest-pledge-level-kind";
import { loadBackerImportContext } from "./load-backer-import-context";
import { createBackerImportPlanner, type BackerImportPlan, type PlannedBacker } from "./plan-backer-import";
import { streamBackerImportFiles, type UploadedFile } from "./read-backer-import-files";

export type BackerImportOptions = {
  /** Read the files with this column mapping (other platforms) instead of recognising Kickstarter's layouts. */
  mapping?: ColumnMapping;
  /** The sheet to read of each workbook, by uploaded file name; unset: its first visible sheet. */
  sheets?: WorkbookSheets;
  maxFileBytes?: number;
  maxZipBytes?: number;
  onProgress?: (progress: { phase: "reading" | "planning" | "writing"; done: number; total: number }) => void;
};

export type BackerImportPreview = {
  /**
   * The import record to confirm (status PREVIEWED), or the REJECTED record when the plan has
   * errors. A file that still needs its column mapping is recorded as awaiting it, and the imports
   * history leaves such records out: a mapping step the creator abandons is not a rejection.
   */
  importId: string;
  fileHash: string;
  /** Counts, problems, new pledge levels and items of every row; `backers` holds only the first rows of each action. */
  plan: BackerImportPlan;
  /** Files whose columns were not recognised, with suggested mappings for the column-mapping step. */
  needsMapping: { file: string; headers: string[]; suggested: ColumnMapping }[];
  /** Workbooks of several sheets, with the sheet read, for the creator to choose another. */
  sheets: WorkbookSheetChoice[];
  /** The earliest pledge, when the project has no launch time: the creator confirms or corrects it. */
  proposedLaunchAt: Date | null;
};

/** How many problems the import record keeps; the preview itself returns all of them. */
const STORED_PROBLEMS = 200;

/**
 * How the preview route and the import job open the transaction a preview or an apply runs in
 * (runInTransaction): long enough to read, plan and write 250,000 rows on a busy machine.
 */
export const BACKER_IMPORT_TRANSACTION: TransactionOptions = { timeout: 15 * 60_000, maxWait: 30_000 };

/** sha256 of the uploaded bytes (of each file's name and hash when there are several). */
export function hashUploadedFiles(files: UploadedFile[]): string {
  if (files.length === 1) return createHash("sha256").update(files[0].bytes).digest("hex");
  const combined = createHash("sha256");
  for (const file of files) combined.update(`${file.name}:${createHash("sha256").update(file.bytes).digest("hex")}\n`);
  return combined.digest("hex");
}

/**
 * A fingerprint of what a plan would do, so confirming can prove it applies what was previewed.
 * Built row by row, so the confirm can check a plan it never holds whole.
 */
function createPlanDigest() {
  const rows = createHash("sha256");
  return {
    add(backer: PlannedBacker) {
      rows.update(`${backer.action}|${backer.file}|${backer.row}|${backer.backerId ?? ""}|${backer.changes.join(",")}\n`);
    },
    finish(plan: BackerImportPlan): string {
      const hash = createHash("sha256");
      for (const level of plan.newPledgeLevels) hash.update(`level|${level.key}|${level.name}\n`);
      for (const item of plan.newItems) hash.update(`item|${item.key}|${item.name}\n`);
      hash.update(rows.digest("hex"));
      return hash.digest("hex");
    },
  };
}

function readOptions(project: { currency: string; platform: string }, options: BackerImportOptions) {
  const mapping = options.mapping === undefined ? undefined : (ColumnMappingSchema.parse(options.mapping) as ColumnMapping);
  return {
    currency: project.currency,
    platform: project.platform,
    mapping,
    sheets: options.sheets === undefined ? undefined : WorkbookSheetsSchema.parse(options.sheets),
    maxFileBytes: options.maxFileBytes,
    maxZipBytes: options.maxZipBytes,
  };
}

async function projectOrThrow(tx: Tx, projectId: string): Promise<{ currency: string; platform: string; launchedAt: Date | null }> {
  const project = await tx.project.findUnique({
    where: { id: projectId },
    select: { currency: true, platform: true, launchedAt: true },
  });
  if (!project) throw new DomainError("NOT_FOUND", "Project not found.");
  return project;
}

function rejection(plan: BackerImportPlan): DomainError {
  const first = plan.problems.filter((problem) => problem.severity === "error").slice(0, 5).map(formatFileProblem);
  return new DomainError(
    "INVALID_INPUT",
    `The import was rejected and nothing was changed: ${plan.counts.errors} problem${plan.counts.errors === 1 ? "" : "s"} to fix. ${first.join(" ")}`,
  );
}

function isUniqueViolationAnywhere(error: unknown): boolean {
  if (isUniqueViolation(error)) return true;
  const text = error instanceof Error ? `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? {})}` : "";
  return /23505|unique constraint/i.test(text);
}

/**
 * Planned rows a preview keeps per action (add, update, unchanged): enough for the samples the page
 * shows, while the counts, problems and digest cover every row.
 */
const PREVIEW_KEPT_ROWS = 100;

/**
 * Upload step: reads the files (CSV, ZIP or workbook, whose sheet `options.sheets` may name;
 * Kickstarter layouts, or `options.mapping` for other platforms), compares them with the project
 * and returns the preview — rows to add, update and leave unchanged, new pledge levels and items,
 * every problem. Changes no backer data. Records an `import` row: PREVIEWED (with the file hash,
 * the mapping, the sheets and a digest of the plan) when the files can be imported, REJECTED (with
 * the problems) when they cannot, so the imports history shows both. Rows are planned as they are
 * read, so a 250,000-row file is never held as parsed rows or as a whole plan: `plan.backers` keeps
 * the first `PREVIEW_KEPT_ROWS` planned rows of each action, in file order. Runs in `tx`, which
 * the caller opens (BACKER_IMPORT_TRANSACTION): the record is written when it commits.
 */
export async function previewBackerImport(
  tx: Tx,
  projectId: string,
  files: UploadedFile[],
  options: BackerImportOptions = {},
  actorId: string | null = null,
): Promise<BackerImportPreview> {
  const project = await projectOrThrow(tx, projectId);
  const { launchedAt } = project;
  const fileHash = hashUploadedFiles(files);
  const context = await loadBackerImportContext(tx, projectId);
  const planner = createBackerImportPlanner(context);
  const digest = createPlanDigest();
  const kept: PlannedBacker[] = [];
  const keptPerAction = { add: 0, update: 0, unchanged: 0 };
  options.onProgress?.({ phase: "reading", done: 0, total: files.length });
  // Planning 250,000 rows is seconds of CPU: other requests run between slices of it.
  const slicer = createTimeSlicer();
  let rowsRead = 0;
  const source = await streamBackerImportFiles(files, readOptions(project, options), (row, rowSource) => {
    const planned = planner.planRow(row, rowSource);
    if (planned !== null) {
      digest.add(planned);
      if (keptPerAction[planned.action]++ < PREVIEW_KEPT_ROWS) kept.push(planned);
    }
    if (++rowsRead % 256 === 0 && slicer.due()) return slicer.giveWay();
  });
  options.onProgress?.({ phase: "reading", done: files.length, total: files.length });
  const plan = planner.finish(source, kept);
  options.onProgress?.({ phase: "planning", done: plan.counts.rows, total: plan.counts.rows });
  const record = await tx.import.create({
    data: {
      projectId,
      kind: "BACKERS",
      status: plan.ok && source.needsMapping.length === 0 ? "PREVIEWED" : "REJECTED",
      fileName: files.map((file) => file.name).join(", ") || "(no file)",
      fileHash,
      rowCount: plan.counts.rows,
      createdById: actorId,
      summary: {
        counts: plan.counts,
        files: plan.files,
        planDigest: digest.finish(plan),
        mapping: options.mapping ?? null,
        sheets: options.sheets ?? null,
        awaitingMapping: source.needsMapping.length > 0,
        problems: plan.problems.slice(0, STORED_PROBLEMS),
      },
    },
    select: { id: true },
  });
  // A project without a launch time cannot find its early birds: propose the earliest pledge.
  const proposedLaunchAt = launchedAt === null ? plan.earliestPledgeAt : null;
  return { importId: record.id, fileHash, plan, needsMapping: source.needsMapping, sheets: source.sheets, proposedLaunchAt };
}

export type ApplyBackerImportRequest =
  /**
   * Confirm a preview: the same files again (the browser keeps them between the two steps), the
   * kinds the creator confirmed for new pledge levels (by level key) and the launch time they
   * confirmed when the project had none.
   */
  | {
      importId: string;
      files: UploadedFile[];
      levelKinds?: Record<string, PledgeLevelKindValue>;
      launchedAt?: Date;
      /** The date and status chosen for new pledges of a file without those columns. */
      newPledgeDefaults?: { pledgedAt?: Date; status?: ImportPledgeStatus };
    }
  /** Read, plan and apply in one go (seed data, scripts, benchmarks). */
  | { files: UploadedFile[]; options?: BackerImportOptions };

/**
 * Confirm step. With an `importId`, the files must hash to what was previewed; they are read again
 * with the previewed column mapping and planned again against the project inside the transaction
 * (with the project row locked, so two imports cannot interleave), and the plan must match the
 * preview's digest — if the backers changed in between, it throws CONFLICT and the creator previews
 * again. Re-reading the bytes instead of storing the plan keeps the import record small at 250,000
 * rows. Everything is written in `tx`, which the caller opens (BACKER_IMPORT_TRANSACTION) and
 * which must be rolled back when this throws: a bad file (INVALID_INPUT) or a failure part-way
 * then leaves the project exactly as it was.
 */
export async function applyBackerImport(
  tx: Tx,
  projectId: string,
  request: ApplyBackerImportRequest,
  actorId: string | null,
  progress?: BackerImportOptions["onProgress"],
): Promise<BackerImportSummary & { counts: BackerImportPlan["counts"]; problems: BackerImportPlan["problems"] }> {
  const project = await projectOrThrow(tx, projectId);
  const fileHash = hashUploadedFiles(request.files);
  const fileName = request.files.map((file) => file.name).join(", ");

  let options: BackerImportOptions = "options" in request ? { ...(request.options ?? {}) } : {};
  let expectedDigest: string | null = null;
  // Rows the preview said would be written: the total of the progress while writing.
  let expectedWrites: number | null = null;
  if ("importId" in request) {
    const record = await tx.import.findFirst({ where: { id: request.importId, projectId, kind: "BACKERS" } });
    if (!record) throw new DomainError("NOT_FOUND", "Import not found.");
    if (record.status !== "PREVIEWED") {
      throw new DomainError("CONFLICT", record.status === "APPLIED" ? "This import was already applied." : "This import was rejected; fix the file and upload it again.");
    }
    if (record.fileHash !== fileHash) {
      throw new DomainError("CONFLICT", "These are not the files that were previewed; upload them again to see a new preview.");
    }
    const summary = (record.summary ?? {}) as {
      planDigest?: string;
      mapping?: ColumnMapping | null;
      sheets?: WorkbookSheets | null;
      counts?: Partial<BackerImportPlan["counts"]>;
    };
    // The files are read as they were previewed: with the same column mapping and sheets.
    options = { mapping: summary.mapping ?? undefined, sheets: summary.sheets ?? undefined };
    expectedDigest = summary.planDigest ?? null;
    expectedWrites = (summary.counts?.add ?? 0) + (summary.counts?.update ?? 0);
  }
  if (progress) options.onProgress = progress;

  try {
    await tx.$queryRawUnsafe(`SELECT id FROM project WHERE id = $1::uuid FOR UPDATE`, projectId);
    if ("importId" in request) {
      // A double click confirms twice: the second confirm waited for the lock above while the
      // first applied the import, and should say so rather than report changed backers.
      const current = await tx.import.findFirst({ where: { id: request.importId, projectId }, select: { status: true } });
      if (current?.status === "APPLIED") throw new DomainError("CONFLICT", "This import was already applied.");
    }
    const context = await loadBackerImportContext(tx, projectId);
    if ("newPledgeDefaults" in request) context.newPledgeDefaults = request.newPledgeDefaults;
    // Rows are planned as they are read and written in chunks as they are planned, so the file's
    // rows and its plan never exist whole, and Postgres writes while the rest of the file is read.
    // Whatever was written before a problem turns up is undone with the transaction.
    const planner = createBackerImportPlanner(context);
    const digest = createPlanDigest();
    const writer = await createBackerImportWriter(tx, {
      projectId,
      actorId,
      fileName,
      fileHash,
      importId: "importId" in request ? request.importId : undefined,
      catalog: planner,
      onProgress: (done) => options.onProgress?.({ phase: "writing", done, total: Math.max(done, expectedWrites ?? 0) }),
    });
    options.onProgress?.({ phase: "reading", done: 0, total: request.files.length });
    const source = await streamBackerImportFiles(request.files, readOptions(project, options), (row, rowSource) => {
      const planned = planner.planRow(row, rowSource);
      if (planned === null) return;
      digest.add(planned);
      // Once a row has an error the import is rejected: reading on only collects the problems.
      if (planner.hasRowErrors()) return;
      return writer.write(planned) ?? undefined;
    });
    const plan = planner.finish(source, []);
    const written = await writer.drain({ flush: plan.ok }).then(
      () => null,
      (error: unknown) => ({ error }),
    );
    if (!plan.ok) throw rejection(plan);
    if (written !== null) throw written.error;
    if (expectedDigest !== null && digest.finish(plan) !== expectedDigest) {
      throw new DomainError("CONFLICT", "The project's backers changed since the preview; preview the file again before importing.");
    }
    const summary = await writer.finish(plan);
    const confirmed = "levelKinds" in request ? (request.levelKinds ?? {}) : {};
    await setImportedLevelKinds(tx, projectId, plan.newPledgeLevels, confirmed);
    if ("launchedAt" in request && request.launchedAt) {
      await tx.project.updateMany({ where: { id: projectId, launchedAt: null }, data: { launchedAt: request.launchedAt } });
    }
    return { ...summary, counts: plan.counts, problems: plan.problems };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (isUniqueViolationAnywhere(error)) {
      throw new DomainError("CONFLICT", "The backers changed while the import was running, so nothing was imported; preview the file again.");
    }
    throw error;
  }
}
