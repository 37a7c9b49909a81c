import "server-only";
import { logger } from "@/lib/log/logger";
import { createMailTransport, type MailTransport } from "./create-mail-transport";
import { hostname } from "node:os";
import { deliverQueuedEmails } from "./deliver-queued-emails";
import { HEARTBEAT_INTERVAL_MS, recordWorkerHeartbeat, removeWorkerHeartbeat } from "./record-worker-heartbeat";
import { startMailRetention } from "./start-mail-retention";

export type MailWorkerOptions = {
  /** Wait between passes when the queue is drained. */
  pollMs?: number;
  batchSize?: number;
  /** Default: createMailTransport() (SMTP_URL, or capture when unset). */
  transport?: MailTransport;
  workerId?: string;
  /** Called after each heartbeat is written. */
  onHeartbeat?: () => void;
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
  workerId = `${hostname()}:${process.pid}`,
  onHeartbeat,
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

  let lastBeat = 0;
  const loop = (async () => {
    while (!stopped) {
      if (Date.now() - lastBeat >= HEARTBEAT_INTERVAL_MS) {
        lastBeat = Date.now();
        await recordWorkerHeartbeat(workerId).then(
          () => onHeartbeat?.(),
          (error: unknown) => logger.error({ workerId, err: error }, "mail worker heartbeat failed"),
        );
      }
      let full = false;
      try {
        const result = await deliverQueuedEmails({ transport, batchSize, workerId });
        full = result.claimed >= batchSize;
      } catch (error) {
        logger.error({ workerId, err: error }, "delivery pass failed; retrying shortly");
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
      await removeWorkerHeartbeat(workerId).catch(() => {});
      if (globalForWorker.pledgehouseMailWorker === worker) globalForWorker.pledgehouseMailWorker = undefined;
    },
  };
  globalForWorker.pledgehouseMailWorker = worker;
  return worker;
}
