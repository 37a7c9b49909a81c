import "server-only";
import { logger } from "@/lib/log/logger";
import { createMailTransport, type MailTransport } from "./create-mail-transport";
import { hostname } from "node:os";
import { deliverQueuedEmails, type DeliveryPassResult } from "./deliver-queued-emails";
import { listenForQueuedEmails } from "./listen-for-queued-emails";
import { HEARTBEAT_INTERVAL_MS, recordWorkerHeartbeat, removeWorkerHeartbeat } from "./record-worker-heartbeat";
import { startMailRetention } from "./start-mail-retention";

export type MailWorkerOptions = {
  /**
   * Wait after a pass that found nothing due. It doubles with each further empty pass up to
   * `idlePollMs`; a notification of newly queued mail ends the wait at once and resets it.
   */
  pollMs?: number;
  /** The longest wait between polls of an idle outbox (default 8 × pollMs): when retries and expired claims are seen. */
  idlePollMs?: number;
  batchSize?: number;
  /** Default: createMailTransport() (SMTP_URL, or capture when unset). */
  transport?: MailTransport;
  workerId?: string;
  /** Called after each heartbeat is written. */
  onHeartbeat?: () => void;
  /** Called after each delivery pass with what it did (the claim is one query on the outbox). */
  onPass?: (result: DeliveryPassResult) => void;
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
  idlePollMs = 8 * pollMs,
  batchSize = 50,
  workerId = `${hostname()}:${process.pid}`,
  onHeartbeat,
  onPass,
  ...options
}: MailWorkerOptions = {}): MailWorker {
  const running = globalForWorker.pledgehouseMailWorker;
  if (running) return running;
  const transport = options.transport ?? createMailTransport();
  const stopRetention = startMailRetention();
  const log = logger.child({ workerId });

  let stopped = false;
  // Sleeping lanes; stop() wakes them all.
  const sleepers = new Set<() => void>();
  /** Resolves after `ms`, or with no `ms` only when woken; stop() wakes every sleeper, and so does `onWake`'s function. */
  const sleep = (ms?: number, onWake?: (wake: () => void) => void) =>
    new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(wake, ms);
      function wake() {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      }
      sleepers.add(wake);
      if (ms === undefined) wakeSecondLane = wake;
      onWake?.(wake);
    });
  let wakeSecondLane: (() => void) | undefined;

  // The first lane's wait while the outbox is empty, and how to end it early.
  let idleWaitMs = pollMs;
  let wakeIdleLane: (() => void) | undefined;
  // Set by a notification; cleared before each pass claims, so mail committed during a pass gets another pass at once.
  let announced = false;
  /**
   * New mail was committed: deliver it now rather than at the next poll. Without this the idle
   * worker polled every `pollMs`, and each poll walks past every email a bulk job has inserted but
   * not committed yet (100–150 polls during a 250,000-row tracking apply).
   */
  const queued = () => {
    announced = true;
    idleWaitMs = pollMs;
    const wake = wakeIdleLane;
    wakeIdleLane = undefined;
    wake?.();
  };
  const listener = listenForQueuedEmails(queued, log);

  let lastBeat = 0;
  /**
   * Two lanes of passes share the transport while there is a backlog: a pass ends only when its
   * last message is answered, and its successor then spends several round trips claiming and
   * loading before it sends, so one lane alone leaves the connections idle between batches. The
   * second lane claims its batch while the first one's is still sending. It runs only while
   * batches come back full. An idle worker waits for a notification of new mail, polling only now
   * and then (every `pollMs`, doubling to `idlePollMs`) for retries that came due and expired claims.
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
      if (first) announced = false;
      try {
        const result = await deliverQueuedEmails({ transport, batchSize, workerId });
        full = result.claimed >= batchSize;
        onPass?.(result);
      } catch (error) {
        logger.error({ workerId, err: error }, "delivery pass failed; retrying shortly");
      }
      if (full && first && wakeSecondLane) {
        wakeSecondLane();
        wakeSecondLane = undefined;
      }
      if (full) idleWaitMs = pollMs;
      if (full || stopped) continue;
      if (!first) {
        await sleep();
        continue;
      }
      if (announced) continue;
      // Without a listening connection nothing announces new mail: keep polling every pollMs.
      const waitMs = idleWaitMs;
      idleWaitMs = listener.listening() ? Math.min(idleWaitMs * 2, idlePollMs) : pollMs;
      await sleep(waitMs, (wake) => (wakeIdleLane = wake));
      wakeIdleLane = undefined;
    }
  };
  const loop = Promise.all([lane(true), lane(false)]);

  const worker: MailWorker = {
    transport,
    async stop() {
      stopped = true;
      stopRetention();
      await listener.stop();
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
