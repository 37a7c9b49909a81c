import "server-only";
import { createMailTransport, type MailTransport } from "./create-mail-transport";
import { deliverQueuedEmails } from "./deliver-queued-emails";
import { startMailRetention } from "./start-mail-retention";

export type MailWorkerOptions = {
  /** Wait between passes when the queue is drained. */
  pollMs?: number;
  batchSize?: number;
  /** Default: createMailTransport() (SMTP_URL, or capture when unset). */
  transport?: MailTransport;
  workerId?: string;
};

export type MailWorker = {
  readonly transport: MailTransport;
  /** Finishes the pass in progress, then closes the transport. */
  stop(): Promise<void>;
};

// Next's dev server may evaluate instrumentation more than once per process; one worker is enough.
const globalForWorker = globalThis as unknown as { pledgehouseMailWorker?: MailWorker };

/**
 * Starts delivering the outbox in the background of this process: passes run back to back while
 * batches come back full, otherwise every `pollMs`. Errors (database restarts, bugs) are logged
 * and the loop carries on. Calling it again while a worker runs returns that worker.
 */
export function startMailWorker({
  pollMs = 1000,
  batchSize = 50,
  workerId,
  ...options
}: MailWorkerOptions = {}): MailWorker {
  const running = globalForWorker.pledgehouseMailWorker;
  if (running) return running;
  const transport = options.transport ?? createMailTransport();
  const stopRetention = startMailRetention();

  let stopped = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (!stopped) {
      let full = false;
      try {
        const result = await deliverQueuedEmails({ transport, batchSize, workerId });
        full = result.claimed >= batchSize;
      } catch (error) {
        console.error("[mail] delivery pass failed; retrying shortly:", error);
      }
      if (!full && !stopped) await sleep(pollMs);
    }
  })();

  const worker: MailWorker = {
    transport,
    async stop() {
      stopped = true;
      stopRetention();
      wake?.();
      await loop;
      transport.close();
      if (globalForWorker.pledgehouseMailWorker === worker) globalForWorker.pledgehouseMailWorker = undefined;
    },
  };
  globalForWorker.pledgehouseMailWorker = worker;
  return worker;
}
