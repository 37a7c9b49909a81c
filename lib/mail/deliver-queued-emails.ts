import "server-only";
import { hostname } from "node:os";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/log/logger";
import { classifyDeliveryError } from "./classify-delivery-error";
import { createMessageId } from "./create-message-id";
import type { MailTransport } from "./create-mail-transport";
import { buildOutgoingEnvelope } from "./build-outgoing-envelope";
import { loadEmailContent } from "./load-email-content";
import { loadSenderIdentities } from "./load-sender-identities";
import { announcementUnsubscribeUrl } from "./unsubscribe/announcement-unsubscribe-token";
import { isThrottlingReply } from "./rate/is-throttling-reply";
import { pauseSending, reserveSendSlots } from "./rate/reserve-send-slots";
import { skipUnsendableEmails } from "./suppression/skip-unsendable-emails";
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from "./retry-policy";


const log = logger.child({ component: "mail" });
export type DeliverQueuedEmailsOptions = {
  transport: MailTransport;
  /** Messages claimed per pass. */
  batchSize?: number;
  /** Names this worker in logs. */
  workerId?: string;
  /**
   * How long a claim lasts without renewal; the pass renews it while it works, so a worker killed
   * mid-batch has its messages picked up this long after it died.
   */
  leaseMs?: number;
  maxAttempts?: number;
  /** Messages per second across every worker (default SMTP_RATE_PER_SECOND); null: no limit. */
  ratePerSecond?: number | null;
};

/** How long every worker waits after a provider's throttling reply before the next send. */
const THROTTLE_PAUSE_MS = 1_000;

/** `claimed` includes messages skipped because their address is suppressed or unsubscribed. */
export type DeliveryPassResult = { claimed: number; sent: number; retried: number; failed: number };

type ClaimedEmail = {
  id: string;
  toEmail: string;
  kind: string;
  projectId: string | null;
  subject: string;
  html: string;
  text: string;
  templateId: string | null;
  templateValues: unknown;
  idempotencyKey: string;
  attempts: number;
};

/**
 * One delivery pass: claims up to `batchSize` due messages (FOR UPDATE SKIP LOCKED, so any number
 * of workers can run), sends each and records the outcome. Temporary failures go back to the
 * queue with exponential backoff and jitter; a 5xx reply or too many attempts marks the message
 * FAILED with the reason. A SENT message is never claimed again.
 *
 * Exactly once, except in one window: a worker that dies (or loses the database for longer than
 * the lease) after the server's 250 and before the SENT update commits leaves the message SENDING,
 * and it is sent again when the lease ends. The window is one round trip long, and both copies
 * carry the same Message-ID (createMessageId), so receiving systems can recognise the duplicate.
 */
export async function deliverQueuedEmails({
  transport,
  batchSize = 50,
  workerId = `${hostname()}:${process.pid}`,
  leaseMs = 5 * 60_000,
  maxAttempts = MAX_DELIVERY_ATTEMPTS,
  ratePerSecond = env.SMTP_RATE_PER_SECOND ?? null,
}: DeliverQueuedEmailsOptions): Promise<DeliveryPassResult> {
  const all = await claimEmails(batchSize, leaseMs);
  const result: DeliveryPassResult = { claimed: all.length, sent: 0, retried: 0, failed: 0 };
  if (all.length === 0) return result;
  // Suppressed and unsubscribed addresses: marked SKIPPED with the reason, never sent.
  const skipped = await skipUnsendableEmails(all);
  const claimed = skipped.size === 0 ? all : all.filter((email) => !skipped.has(email.id));
  if (claimed.length === 0) return result;
  const leases = holdLeases(claimed, leaseMs, workerId);
  try {
    const [contents, senders] = await Promise.all([
      loadEmailContent(claimed),
      loadSenderIdentities(claimed.map((email) => email.projectId)),
    ]);
    const recordSent = sentRecorderFor(transport.name);
    const markSent = (email: ClaimedEmail, smtpMessageId: string) =>
      new Promise<void>((resolve, reject) => recordSent({ id: email.id, smtpMessageId, leases, resolve, reject }));
    // Each message's start time on the schedule all workers share; they wait for it before sending.
    const startsIn = ratePerSecond ? await reserveSendSlots(claimed.length, ratePerSecond) : null;

    const outcomes = await Promise.allSettled(
      claimed.map(async (email, index) => {
        const content = contents[index];
        if (!content.ok) {
          // Sending it later cannot help: the stored message itself is broken.
          await markFailed(email, content.reason);
          result.failed++;
          log.warn({ workerId, emailId: email.id, reason: content.reason }, "email cannot be built; marked failed");
          return;
        }
        if (email.attempts > maxAttempts) {
          // Only a worker that died mid-send leaves a message SENDING this often: stop trying.
          await markFailed(
            email,
            `Gave up after ${maxAttempts} attempts: the worker sending it stopped before finishing.`,
          );
          result.failed++;
          return;
        }
        let smtpMessageId: string;
        if (startsIn && startsIn[index] > 0) await new Promise((resolve) => setTimeout(resolve, startsIn[index]));
        try {
          const envelope = buildOutgoingEnvelope(
            email,
            email.projectId ? (senders.get(email.projectId) ?? null) : null,
            {
              mailFrom: env.MAIL_FROM,
              unsubscribeUrl: announcementUnsubscribeUrl,
            },
          );
          const info = await transport.send({
            ...envelope,
            to: email.toEmail,
            subject: email.subject,
            html: content.html,
            text: content.text,
            messageId: createMessageId(email.idempotencyKey, env.MAIL_FROM),
          });
          smtpMessageId = info.messageId;
        } catch (error) {
          const { permanent, reason } = classifyDeliveryError(error);
          if (isThrottlingReply(error)) {
            // Too fast is not the message's fault: back in the queue in a moment, the attempt
            // not counted, and every worker pauses so the provider sees the rate drop.
            const delayMs = THROTTLE_PAUSE_MS + Math.round(Math.random() * THROTTLE_PAUSE_MS);
            await Promise.all([markThrottled(email, reason, delayMs), pauseSending(THROTTLE_PAUSE_MS)]);
            result.retried++;
            return;
          }
          if (permanent) {
            await markFailed(email, reason);
            result.failed++;
            log.warn({ workerId, emailId: email.id, reason }, "email failed permanently");
          } else if (email.attempts >= maxAttempts) {
            await markFailed(email, `Gave up after ${email.attempts} attempts. Last error: ${reason}`);
            result.failed++;
            log.warn({ workerId, emailId: email.id, attempts: email.attempts, reason }, "email failed after its last attempt");
          } else {
            const delayMs = retryDelayMs(email.attempts);
            await markForRetry(email, reason, delayMs);
            result.retried++;
            log.warn({ workerId, emailId: email.id, retryInSeconds: Math.round(delayMs / 1000), reason }, "email will be retried");
          }
          return;
        }
        // Outside the send's try: once the server has accepted the message, a database error
        // must never put it back in the queue, or the backer gets it twice.
        result.sent++;
        try {
          await markSent(email, smtpMessageId);
        } catch (error) {
          log.error(
            { workerId, emailId: email.id, err: error },
            "email accepted by the server but not recorded as sent; it will be sent again when its lease ends",
          );
        }
      }),
    );
    // Every message is settled before the pass ends, so none is left sending without a lease
    // renewal; a database error recording one of them still fails the pass, as before.
    const failure = outcomes.find((outcome) => outcome.status === "rejected");
    if (failure) throw failure.reason;
  } finally {
    leases.release();
  }
  return result;
}

type Leases = {
  /** When the leases of this pass are known to end (ms since the epoch). */
  endsAt(): number;
  /** This pass is done with the message: stop renewing its lease. */
  settle(id: string): void;
  release(): void;
};

/**
 * Keeps this pass's claims alive while it works: a batch waiting on a slow server (its messages
 * queue behind the pool's few connections) can take longer than the lease, and another worker
 * would then claim and send the same messages. Every third of the lease the messages still in
 * hand get a fresh lease; a worker that dies stops renewing, so its messages come free as before.
 */
function holdLeases(claimed: readonly ClaimedEmail[], leaseMs: number, workerId: string): Leases {
  const pending = new Map(claimed.map((email) => [email.id, email.attempts]));
  let endsAt = Date.now() + leaseMs;
  let renewing: Promise<void> | undefined;
  const timer = setInterval(
    () => {
      if (renewing || pending.size === 0) return;
      const startedAt = Date.now();
      renewing = prisma.$executeRaw`
          UPDATE email_message AS m SET locked_until = now() + ${leaseMs} * interval '1 millisecond'
          FROM unnest(${[...pending.keys()]}::uuid[], ${[...pending.values()]}::int[]) AS p(id, attempts)
          WHERE m.id = p.id AND m.status = 'SENDING' AND m.attempts = p.attempts`
        .then(() => {
          endsAt = startedAt + leaseMs;
        })
        .catch((error: unknown) => log.warn({ workerId, err: error }, "could not renew the lease on its messages"))
        .finally(() => {
          renewing = undefined;
        });
    },
    Math.max(10, Math.floor(leaseMs / 3)),
  );
  return {
    endsAt: () => endsAt,
    settle: (id) => pending.delete(id),
    release: () => clearInterval(timer),
  };
}

/**
 * Claims up to `batchSize` messages in one statement (one round trip per pass): expired claims
 * first (a killed worker's messages are the oldest due), then queued messages whose time has
 * come. Each part walks its own index range in order.
 */
function claimEmails(batchSize: number, leaseMs: number): Promise<ClaimedEmail[]> {
  return prisma.$queryRaw<ClaimedEmail[]>`
    WITH expired AS (
      SELECT id FROM email_message WHERE status = 'SENDING' AND locked_until <= now()
      ORDER BY locked_until LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
    ), due AS (
      SELECT id FROM email_message WHERE status = 'QUEUED' AND next_attempt_at <= now()
      ORDER BY next_attempt_at LIMIT ${batchSize} - (SELECT count(*) FROM expired) FOR UPDATE SKIP LOCKED
    )
    UPDATE email_message
    SET status = 'SENDING', attempts = attempts + 1, locked_until = now() + ${leaseMs} * interval '1 millisecond'
    WHERE id IN (SELECT id FROM expired UNION ALL SELECT id FROM due)
    RETURNING id, to_email AS "toEmail", kind, project_id::text AS "projectId", subject, html, text,
      template_id::text AS "templateId", template_values AS "templateValues", idempotency_key AS "idempotencyKey", attempts`;
}

/**
 * Records accepted messages as SENT, in groups: while one UPDATE runs, the messages accepted
 * meanwhile wait for the next, so the database sees one statement per round trip instead of one
 * per message, and a message is recorded at most one round trip after the server accepted it
 * (which is the window in which a killed worker could send it twice). One recorder per transport
 * name serves every pass of the process: a worker overlaps passes (startMailWorker), and a
 * recorder per pass would double the statements without shortening the window. A failed UPDATE
 * (a lost connection, a database restart) is retried on a fresh connection until the earliest
 * lease in the group runs out: until then no other worker can take those messages, so recording
 * them late is still recording them once.
 */
type WaitingSent = {
  id: string;
  smtpMessageId: string;
  leases: Leases;
  resolve: () => void;
  reject: (error: unknown) => void;
};
const sentRecorders = new Map<string, (sent: WaitingSent) => void>();

function sentRecorderFor(transport: string) {
  let recorder = sentRecorders.get(transport);
  if (!recorder) {
    recorder = createSentRecorder(transport);
    sentRecorders.set(transport, recorder);
  }
  return recorder;
}

function createSentRecorder(transport: string) {
  let waiting: WaitingSent[] = [];
  let running = false;

  async function record(group: WaitingSent[]) {
    for (let retry = 0; ; retry++) {
      try {
        // Not conditional on still holding the claim: the server accepted the message, so it is
        // SENT even if a slow send outlived the lease.
        await prisma.$executeRaw`
          UPDATE email_message AS m
          SET status = 'SENT', sent_at = now(), transport = ${transport}, smtp_message_id = s.smtp_message_id,
              locked_until = NULL, last_error = NULL
          FROM unnest(${group.map((sent) => sent.id)}::uuid[], ${group.map((sent) => sent.smtpMessageId)}::text[])
            AS s(id, smtp_message_id)
          WHERE m.id = s.id AND m.status <> 'SENT'`;
        return;
      } catch (error) {
        const delayMs = Math.min(5_000, 100 * 2 ** retry);
        const leaseEndsAt = Math.min(...group.map((sent) => sent.leases.endsAt()));
        if (Date.now() + delayMs >= leaseEndsAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  async function drain() {
    running = true;
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      try {
        await record(group);
        for (const sent of group) {
          sent.leases.settle(sent.id);
          sent.resolve();
        }
      } catch (error) {
        for (const sent of group) sent.reject(error);
      }
    }
    running = false;
  }

  return (sent: WaitingSent) => {
    waiting.push(sent);
    if (!running) void drain();
  };
}

async function markForRetry(email: ClaimedEmail, reason: string, delayMs: number): Promise<void> {
  await prisma.$executeRaw`
    UPDATE email_message
    SET status = 'QUEUED', next_attempt_at = now() + ${delayMs} * interval '1 millisecond',
        locked_until = NULL, last_error = ${reason}
    WHERE id = ${email.id}::uuid AND status = 'SENDING' AND attempts = ${email.attempts}`;
}

async function markThrottled(email: ClaimedEmail, reason: string, delayMs: number): Promise<void> {
  await prisma.$executeRaw`
    UPDATE email_message
    SET status = 'QUEUED', attempts = attempts - 1, next_attempt_at = now() + ${delayMs} * interval '1 millisecond',
        locked_until = NULL, last_error = ${`The provider asked to send more slowly; sending again shortly. ${reason}`}
    WHERE id = ${email.id}::uuid AND status = 'SENDING' AND attempts = ${email.attempts}`;
}

async function markFailed(email: ClaimedEmail, reason: string): Promise<void> {
  await prisma.$executeRaw`
    UPDATE email_message
    SET status = 'FAILED', locked_until = NULL, last_error = ${reason}
    WHERE id = ${email.id}::uuid AND status = 'SENDING' AND attempts = ${email.attempts}`;
}
