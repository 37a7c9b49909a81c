import "server-only";
import { prisma } from "@/lib/db/client";

/** About a megabyte per stored round: a 250,000-backer export is a few dozen rows, and neither side holds more than one. */
export const JOB_OUTPUT_CHUNK_BYTES = 1 << 20;

/**
 * Stores the file a job writes as it is produced, one row per round of about `chunkBytes`, under
 * this attempt of the job: a retry after a crash writes beside what the killed run left, and the
 * job's result names the attempt that finished, so a download never mixes two runs. Rows of
 * earlier attempts are removed first (their run is over: the engine retries only a dead worker's job).
 */
export async function writeJobOutput(
  jobId: string,
  attempt: number,
  chunks: AsyncIterable<Uint8Array>,
  chunkBytes = JOB_OUTPUT_CHUNK_BYTES,
): Promise<{ bytes: number; rounds: number }> {
  await prisma.projectJobOutputChunk.deleteMany({ where: { jobId, attempt: { not: attempt } } });
  await prisma.projectJobOutputChunk.deleteMany({ where: { jobId, attempt } });
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  let position = 0;
  const store = async () => {
    const round = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await prisma.projectJobOutputChunk.create({ data: { jobId, attempt, position, bytes: round as Uint8Array<ArrayBuffer> } });
    position += 1;
  };
  for await (const chunk of chunks) {
    pending.push(chunk);
    pendingBytes += chunk.byteLength;
    bytes += chunk.byteLength;
    if (pendingBytes >= chunkBytes) await store();
  }
  if (pendingBytes > 0 || position === 0) await store();
  return { bytes, rounds: position };
}
