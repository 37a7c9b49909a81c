import type { ProjectJobKind, ProjectJobStatus } from "@/lib/db/generated/enums";

export type { ProjectJobKind, ProjectJobStatus };

/** graphile-worker's task identifier for every project job; the job row says which kind it is. */
export const PROJECT_JOB_TASK = "project-job";

/** graphile-worker's periodic task that removes stored uploads past their retention period. */
export const PURGE_JOB_UPLOADS_TASK = "purge-job-uploads";

/** What the creator's pages show of a job (the status endpoint, the header and the Activity page). */
export type ProjectJobView = {
  id: string;
  kind: ProjectJobKind;
  status: ProjectJobStatus;
  /** "Add tracking numbers from orders.csv" */
  title: string;
  step: string | null;
  percent: number;
  result: unknown;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  createdByName: string | null;
};

/** What the project header's indicator shows of a queued or running job. */
export type ProjectJobSummary = Pick<ProjectJobView, "id" | "status" | "title" | "step" | "percent">;

export const ACTIVE_JOB_STATUSES: readonly ProjectJobStatus[] = ["QUEUED", "RUNNING"];
