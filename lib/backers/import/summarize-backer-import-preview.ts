import type { FileProblem } from "@/lib/csv/file-problem";
import type { BackerFileFormat, ColumnMapping, ImportPledgeStatus, WorkbookSheetChoice } from "./backer-import-types";
import type { BackerImportPlan, PlannedBackerChange } from "./plan-backer-import";
import type { PledgeLevelKindValue } from "./suggest-pledge-level-kind";

/** A few rows of the plan, so the creator sees what "added" and "updated" mean for real backers. */
export type BackerImportSampleRow = {
  file: string;
  row: number;
  email: string;
  name: string;
  backerNumber: number | null;
  changes: PlannedBackerChange[];
};

/**
 * What the browser gets for a preview: the counts, new pledge levels and items, every problem and
 * a sample of rows — never the plan's 250,000 planned backers.
 */
export type BackerImportPreviewView = {
  importId: string;
  ok: boolean;
  counts: BackerImportPlan["counts"];
  files: { name: string; format: BackerFileFormat | null; rowCount: number }[];
  /** New pledge levels with the kind the file suggests, for the creator to confirm or change. */
  newPledgeLevels: { key: string; name: string; price: number; noReward: boolean; suggestedKind: PledgeLevelKindValue; reason: string }[];
  /** ISO time of the earliest pledge, proposed as the launch when the project has none. */
  proposedLaunchAt: string | null;
  /**
   * New pledges of a file without a pledge date or payment status column, with the date (ISO) and
   * status proposed for them, for the creator to confirm or change; null when every new pledge has both.
   */
  newPledgeDefaults: { withoutDate: number; pledgedAt: string; withoutStatus: number; status: ImportPledgeStatus } | null;
  newItems: { name: string; isAddOn: boolean }[];
  problems: FileProblem[];
  needsMapping: { file: string; headers: string[]; suggested: ColumnMapping }[];
  /** Uploaded workbooks of several sheets: their sheets and the one read ("Sheet to read"). */
  sheets: WorkbookSheetChoice[];
  samples: { add: BackerImportSampleRow[]; update: BackerImportSampleRow[] };
};

/** Turns a preview into the small JSON the import page shows. Pure. */
export function summarizeBackerImportPreview(
  preview: {
    importId: string;
    plan: BackerImportPlan;
    needsMapping: BackerImportPreviewView["needsMapping"];
    sheets?: WorkbookSheetChoice[];
    proposedLaunchAt?: Date | null;
  },
  sampleSize = 5,
): BackerImportPreviewView {
  const { plan } = preview;
  const add: BackerImportSampleRow[] = [];
  const update: BackerImportSampleRow[] = [];
  for (const planned of plan.backers) {
    const list = planned.action === "add" ? add : planned.action === "update" ? update : null;
    if (list === null || list.length >= sampleSize) continue;
    list.push({
      file: planned.file,
      row: planned.row,
      email: planned.values.email,
      name: planned.values.name,
      backerNumber: planned.values.backerNumber,
      changes: planned.changes,
    });
    if (add.length >= sampleSize && update.length >= sampleSize) break;
  }
  return {
    importId: preview.importId,
    ok: plan.ok,
    counts: plan.counts,
    files: plan.files,
    newPledgeLevels: plan.newPledgeLevels.map((level) => ({
      key: level.key,
      name: level.name,
      price: level.price,
      noReward: level.noReward,
      suggestedKind: level.suggestion?.kind ?? (level.noReward ? "NO_REWARD" : "PHYSICAL"),
      reason: level.suggestion?.reason ?? "",
    })),
    proposedLaunchAt: preview.proposedLaunchAt?.toISOString() ?? null,
    newPledgeDefaults:
      plan.newPledgeDefaults.withoutDate + plan.newPledgeDefaults.withoutStatus === 0
        ? null
        : { ...plan.newPledgeDefaults, pledgedAt: plan.newPledgeDefaults.pledgedAt.toISOString() },
    newItems: plan.newItems.map((item) => ({ name: item.name, isAddOn: item.isAddOn })),
    problems: plan.problems,
    needsMapping: preview.needsMapping,
    sheets: preview.sheets ?? [],
    samples: { add, update },
  };
}

/** What a confirmed import's job reports when it is done (the import page's summary). */
export type BackerImportJobResult = {
  importId: string;
  added: number;
  updated: number;
  unchanged: number;
  pledgeLevelsCreated: number;
  itemsCreated: number;
};
