import "server-only";
import pg from "pg";
import { env } from "@/lib/env";
import type { Logger } from "@/lib/log/logger";

/** The channel the outbox's insert trigger notifies (migration 20261214010000_email_queued_notify). */
export const EMAIL_QUEUED_CHANNEL = "email_queued";

export type QueuedEmailListener = {
  /** True while the LISTEN connection is open: a notification will come at the next commit. */
  readonly listening: () => boolean;
  stop(): Promise<void>;
};

/**
 * Calls `onQueued` whenever a transaction that inserted into the outbox commits, through a
 * connection of its own that LISTENs (a pooled Prisma connection cannot). A lost connection is
 * logged and reopened after `retryMs`; meanwhile the worker's slow poll still finds the mail, so
 * delivery never depends on this. Behind a transaction pooler (PgBouncer in transaction mode) LISTEN
 * does not work: the worker then relies on its poll alone.
 */
export function listenForQueuedEmails(
  onQueued: () => void,
  log: Logger,
  { connectionString = env.DATABASE_URL, retryMs = 5_000 }: { connectionString?: string; retryMs?: number } = {},
): QueuedEmailListener {
  let client: pg.Client | null = null;
  let open = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString, application_name: "pledgehouse mail listener" });
    client = next;
    // A connection that drops after it opened: say so once, and open a new one later.
    next.on("error", (error) => lost(next, error));
    next.on("end", () => lost(next, null));
    next.on("notification", (message) => {
      if (message.channel === EMAIL_QUEUED_CHANNEL) onQueued();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${EMAIL_QUEUED_CHANNEL}`);
      if (client !== next) return;
      open = true;
      // Mail queued while no connection listened is found by this wake-up rather than the slow poll.
      onQueued();
    } catch (error) {
      lost(next, error);
    }
  };

  const lost = (which: pg.Client, error: unknown) => {
    if (client !== which) return;
    client = null;
    open = false;
    which.removeAllListeners("end");
    void which.end().catch(() => {});
    if (stopped) return;
    log.warn({ err: error ?? undefined, retryMs }, "mail worker: the outbox listener's connection closed; polling until it reopens");
    retry = setTimeout(() => void connect(), retryMs);
  };

  void connect();

  return {
    listening: () => open,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const last = client;
      client = null;
      open = false;
      if (last) {
        last.removeAllListeners("end");
        await last.end().catch(() => {});
      }
    },
  };
}
