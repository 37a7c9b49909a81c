import type { ProjectJobKind, ProjectJobStatus, ProjectJobView } from "./project-job-types";

export type ProjectJobRow = {
  id: string;
  kind: ProjectJobKind;
  status: ProjectJobStatus;
  title: string;
  step: string | null;
  percent: number;
  result: unknown;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdByName: string | null;
};

/** A job row as the pages receive it (plain JSON: dates as ISO strings). */
export function toProjectJobView(row: ProjectJobRow): ProjectJobView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    title: row.title,
    step: row.step,
    percent: row.percent,
    result: row.result,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    createdByName: row.createdByName,
  };
}
