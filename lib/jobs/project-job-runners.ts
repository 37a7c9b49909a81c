import "server-only";
import { runBackerImportJob } from "@/lib/backers/import/run-backer-import-job";
import { runBackerReportExportJob } from "@/lib/backers/report/run-backer-report-export-job";
import { runDigitalRewardSendJob } from "@/lib/digital-rewards/run-digital-reward-send-job";
import { runIncentiveApplyJob, runIncentiveUndoJob } from "@/lib/incentives/run-incentive-jobs";
import { runSkuPerColumnExportJob } from "@/lib/segments/run-sku-per-column-export-job";
import { runTrackingApplyJob } from "@/lib/tracking/run-tracking-apply-job";
import type { ProjectJobRunner } from "./project-job-runner";
import type { ProjectJobKind } from "./project-job-types";

/** Which runner does each kind of job; a kind without one fails with a message instead of looping. */
export const PROJECT_JOB_RUNNERS: Partial<Record<ProjectJobKind, ProjectJobRunner>> = {
  TRACKING_APPLY: runTrackingApplyJob,
  DIGITAL_REWARD_SEND: runDigitalRewardSendJob,
  INCENTIVE_APPLY: runIncentiveApplyJob,
  INCENTIVE_UNDO: runIncentiveUndoJob,
  BACKER_IMPORT: runBackerImportJob,
  BACKER_REPORT_EXPORT: runBackerReportExportJob,
  SEGMENT_SKU_EXPORT: runSkuPerColumnExportJob,
};
