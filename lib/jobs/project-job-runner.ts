import type { Prisma } from "@/lib/db/generated/client";
import type { Tx } from "@/lib/db/client";
import type { ProjectJobKind } from "./project-job-types";

export type ProjectJobContext = {
  job: { id: string; projectId: string; kind: ProjectJobKind; payload: Prisma.JsonValue; createdById: string | null; attempts: number };
  /** The stored upload, for jobs started with a file. */
  upload: { fileName: string; bytes: Uint8Array } | null;
  /** Every stored upload, in the order they were given (an import of several files). */
  uploads: { fileName: string; bytes: Uint8Array }[];
  /** Shows the creator what the job is doing ("Matching rows to backers", 40). */
  reportProgress(step: string, percent: number): void;
  /**
   * Marks the job done with the summary the creator sees, inside the transaction that writes the
   * job's change: the change and "done" commit together, so a retry after a crash finds either
   * both or neither and the change is applied exactly once. Throws (rolling the change back) when
   * the job is no longer running, e.g. another worker finished it meanwhile.
   */
  finishInTransaction(tx: Tx, result: Prisma.InputJsonValue): Promise<void>;
};

/**
 * Runs one kind of job. A DomainError is a domain failure: stored with its message and not
 * retried. Anything else is an infrastructure failure: the engine retries the job.
 */
export type ProjectJobRunner = (context: ProjectJobContext) => Promise<void>;
