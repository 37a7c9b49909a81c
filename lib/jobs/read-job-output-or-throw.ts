import "server-only";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { jobOutputFileOf, type JobOutputFile } from "./job-output-file";
import { JOB_UPLOAD_RETENTION_HOURS } from "./purge-job-uploads";

/**
 * The file a finished job of `projectId` wrote, and its bytes read back one stored round at a
 * time (the web process never holds the whole file). NOT_FOUND for another project's job, exactly
 * as for one that does not exist; CONFLICT while it is still being written.
 */
export async function readJobOutputOrThrow(
  projectId: string,
  jobId: string,
): Promise<{ file: JobOutputFile; chunks: AsyncGenerator<Uint8Array> }> {
  const job = await prisma.projectJob.findFirst({ where: { id: jobId, projectId }, select: { status: true, result: true } });
  if (!job) throw new DomainError("NOT_FOUND", "This export does not exist in this project. Open the Activity page to see the project's exports.");
  if (job.status === "QUEUED" || job.status === "RUNNING") {
    throw new DomainError("CONFLICT", "This export is still being written. The Activity page offers the file once it is done.");
  }
  const file = job.status === "DONE" ? jobOutputFileOf(job.result) : null;
  if (!file) throw new DomainError("NOT_FOUND", "This job wrote no file to download. Open the Activity page to see what it did.");
  const first = await prisma.projectJobOutputChunk.findFirst({ where: { jobId, attempt: file.attempt }, orderBy: { position: "asc" }, select: { position: true } });
  if (!first) {
    const days = Math.round(JOB_UPLOAD_RETENTION_HOURS / 24);
    throw new DomainError("NOT_FOUND", `This export's file was removed: files are kept for ${days} days after they are written. Export again from the backer report.`);
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let position = first!.position; ; position++) {
      const round = await prisma.projectJobOutputChunk.findUnique({
        where: { jobId_attempt_position: { jobId, attempt: file!.attempt, position } },
        select: { bytes: true },
      });
      if (!round) return;
      yield round.bytes;
    }
  }
  return { file, chunks: chunks() };
}
