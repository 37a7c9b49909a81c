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
  // Sleeping lanes; stop() wakes them all.
  const sleepers = new Set<() => void>();
  /** Resolves after `ms`, or with no `ms` only when woken; stop() wakes every sleeper. */
  const sleep = (ms?: number) =>
    new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(wake, ms);
      function wake() {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      }
      sleepers.add(wake);
      if (ms === undefined) wakeSecondLane = wake;
    });
  let wakeSecondLane: (() => void) | undefined;

  let lastBeat = 0;
  /**
   * Two lanes of passes share the transport while there is a backlog: a pass ends only when its
   * last message is answered, and its successor then spends several round trips claiming and
   * loading before it sends, so one lane alone leaves the connections idle between batches. The
   * second lane claims its batch while the first one's is still sending. It runs only while
   * batches come back full, so an idle worker polls the outbox once per `pollMs`, as before.
   * The rate schedule, leases and SKIP LOCKED claims already serve passes running side by side
   * (as they serve several workers), and both lanes record SENT through one recorder.
   */
  const lane = async (first: boolean) => {
    if (!first) await sleep();
    while (!stopped) {
      if (first && Date.now() - lastBeat >= HEARTBEAT_INTERVAL_MS) {
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
      if (full && first && wakeSecondLane) {
        wakeSecondLane();
        wakeSecondLane = undefined;
      }
      if (full || stopped) continue;
      await (first ? sleep(pollMs) : sleep());
    }
  };
  const loop = Promise.all([lane(true), lane(false)]);

  const worker: MailWorker = {
    transport,
    async stop() {
      stopped = true;
      stopRetention();
      for (const wake of sleepers) wake();
      await loop;
      transport.close();
      await removeWorkerHeartbeat(workerId).catch(() => {});
      if (globalForWorker.pledgehouseMailWorker === worker) globalForWorker.pledgehouseMailWorker = undefined;
    },
  };
  globalForWorker.pledgehouseMailWorker = worker;
  return worker;
}
