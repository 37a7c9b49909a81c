import "server-only";
import type { Prisma } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db/client";
import { PROJECT_JOB_TASK, type ProjectJobKind } from "./project-job-types";

/** Attempts after an infrastructure failure (crash, lost connection) before the job is failed. */
export const PROJECT_JOB_MAX_ATTEMPTS = 5;

export type EnqueueProjectJobInput = {
  projectId: string;
  kind: ProjectJobKind;
  /** What the creator started, as the Activity page lists it. */
  title: string;
  createdById: string | null;
  /** What the runner needs besides the upload (choices, selection, the preview's fingerprint). */
  payload: Prisma.InputJsonValue;
  upload?: { fileName: string; bytes: Uint8Array };
  /** Several files, kept in this order (the runner gets them as `uploads`). */
  uploads?: { fileName: string; bytes: Uint8Array }[];
};

/** The engine's queue name for a project: graphile-worker runs one job of a named queue at a time. */
export function projectJobQueueName(projectId: string): string {
  return `project:${projectId}`;
}

/**
 * Records a job, its upload and its place in graphile-worker's queue, all in `tx`: the job exists
 * for the worker exactly when the request's transaction commits, so a web process that dies right
 * after answering loses nothing, and one that dies before committing leaves no orphan job. Jobs of
 * one project share a named queue, so they run one after the other, in the order they were started.
 */
export async function enqueueProjectJob(tx: Tx, input: EnqueueProjectJobInput): Promise<{ id: string }> {
  const job = await tx.projectJob.create({
    data: { projectId: input.projectId, kind: input.kind, title: input.title, createdById: input.createdById, payload: input.payload, step: "Waiting to start" },
    select: { id: true },
  });
  const uploads = [...(input.upload ? [input.upload] : []), ...(input.uploads ?? [])];
  // One statement per file: each may be tens of megabytes, and one INSERT of all would hold them twice.
  for (const [position, upload] of uploads.entries()) {
    await tx.projectJobUpload.create({ data: { jobId: job.id, position, fileName: upload.fileName, bytes: upload.bytes as Uint8Array<ArrayBuffer> } });
  }
  await tx.$executeRaw`
    SELECT graphile_worker.add_job(
      identifier => ${PROJECT_JOB_TASK},
      payload => json_build_object('jobId', ${job.id}::text),
      queue_name => ${projectJobQueueName(input.projectId)},
      max_attempts => ${PROJECT_JOB_MAX_ATTEMPTS}::int,
      job_key => ${job.id}::text
    )`;
  return job;
}
