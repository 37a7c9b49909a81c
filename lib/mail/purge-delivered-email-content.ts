import "server-only";
import { prisma } from "@/lib/db/client";

export type PurgeResult = { purged: number; batches: number };

/**
 * Removes what was personal to the recipient from messages delivered more than `retentionDays`
 * ago: a bulk message's template values, a single message's own HTML and text. The row stays
 * (recipient, kind, subject, status, times, Message-ID), so the mail log still answers "did they
 * get it?". Works in batches of `batchSize`, each its own short statement, so a purge of millions
 * of rows never holds long locks; run again, it finds nothing more to do.
 */
export async function purgeDeliveredEmailContent({
  retentionDays,
  batchSize = 5_000,
  maxBatches = Number.POSITIVE_INFINITY,
}: {
  retentionDays: number;
  batchSize?: number;
  maxBatches?: number;
}): Promise<PurgeResult> {
  const result: PurgeResult = { purged: 0, batches: 0 };
  while (result.batches < maxBatches) {
    const purged = await prisma.$executeRaw`
      UPDATE email_message m
      SET template_values = NULL, html = '', text = '', content_purged_at = now()
      WHERE m.id IN (
        SELECT id FROM email_message
        WHERE status = 'SENT' AND content_purged_at IS NULL
          AND sent_at < now() - ${retentionDays} * interval '1 day'
        ORDER BY sent_at
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED)`;
    result.batches++;
    result.purged += purged;
    if (purged < batchSize) break;
  }
  return result;
}
