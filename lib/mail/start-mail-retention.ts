import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/log/logger";
import { purgeDeliveredEmailContent } from "./purge-delivered-email-content";

const DAY_MS = 24 * 60 * 60_000;

/**
 * Runs the retention purge once shortly after the worker starts and then daily. Every worker
 * process may run it: batches skip rows another one is purging, and a purged row is never picked
 * again. Returns a function that stops the timer.
 */
export function startMailRetention({
  retentionDays = env.MAIL_RETENTION_DAYS,
  firstRunMs = 60_000,
}: { retentionDays?: number; firstRunMs?: number } = {}): () => void {
  let timer: NodeJS.Timeout;
  const run = async () => {
    try {
      const { purged } = await purgeDeliveredEmailContent({ retentionDays });
      if (purged > 0) logger.info({ purged, retentionDays }, "mail retention: removed delivered messages' content");
    } catch (error) {
      logger.error({ err: error }, "mail retention purge failed; trying again tomorrow");
    }
    timer = setTimeout(run, DAY_MS);
    timer.unref();
  };
  timer = setTimeout(run, firstRunMs);
  timer.unref();
  return () => clearTimeout(timer);
}
