import "server-only";
import { prisma } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";

export type JobProgressReporter = {
  report(step: string, percent: number): void;
  /** Waits for the last write; later reports are dropped. */
  close(): Promise<void>;
};

/**
 * Writes a running job's step and percentage, at most one write in flight and every `minGapMs`
 * at most (a 250,000-row apply reports thousands of times). Written outside the job's transaction,
 * so the creator sees progress while it is still open; a failed write only costs a stale bar.
 */
export function createJobProgressReporter(jobId: string, minGapMs = 400): JobProgressReporter {
  let pending: { step: string; percent: number } | null = null;
  let last = { step: "", percent: -1 };
  let lastAt = 0;
  let inFlight: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const flush = () => {
    timer = null;
    if (!pending || inFlight) return;
    const next = pending;
    pending = null;
    lastAt = Date.now();
    last = next;
    inFlight = prisma.$executeRaw`
      UPDATE project_job SET step = ${next.step}, percent = ${next.percent}, updated_at = now()
      WHERE id = ${jobId}::uuid AND status = 'RUNNING'`
      .then(
        () => undefined,
        (error: unknown) => logger.warn({ jobId, err: error }, "job progress not recorded"),
      )
      .finally(() => {
        inFlight = null;
        if (pending && !closed) schedule();
      });
  };
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(flush, Math.max(0, minGapMs - (Date.now() - lastAt)));
  };

  return {
    report(step, percent) {
      if (closed) return;
      const clamped = Math.max(0, Math.min(100, Math.floor(percent)));
      if (step === last.step && clamped === last.percent) return;
      pending = { step, percent: clamped };
      schedule();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
      await inFlight;
    },
  };
}
