import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { createMailTransport, type MailTransport } from "@/lib/mail/create-mail-transport";
import { createMessageId } from "@/lib/mail/create-message-id";
import { deliverQueuedEmails } from "@/lib/mail/deliver-queued-emails";
import {
  connectSecondSession,
  countByRecipient,
  deliverUntilSettled,
  expireLeases,
  once,
  outboxStates,
  queueFaultEmails,
  spawnMailWorker,
  waitForBlockedBackends,
  waitUntil,
  type WorkerProcess,
} from "../support/fault-mail";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";

let smtp: SmtpTestServer;
let session: pg.Client | undefined;
let worker: WorkerProcess | undefined;
const transports: MailTransport[] = [];
function transport(): MailTransport {
  const created = createMailTransport(smtp.url);
  transports.push(created);
  return created;
}

beforeEach(async () => {
  smtp = await startSmtpTestServer();
});
afterEach(async () => {
  if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
    worker.child.kill("SIGKILL");
    await worker.exited;
  }
  worker = undefined;
  await session?.query("ROLLBACK").catch(() => {});
  await session?.end();
  session = undefined;
  for (const created of transports.splice(0)) created.close();
  await smtp.stop();
});

/** Locks the claimed outbox rows from a second session, so recording them SENT has to wait. */
async function holdOutboxRows(): Promise<pg.Client> {
  session = await connectSecondSession();
  await session.query("BEGIN");
  await session.query("SELECT id FROM email_message FOR UPDATE");
  return session;
}

describe("database connection lost between the server's 250 and recording SENT", () => {
  it("records the message SENT on a fresh connection instead of sending it again", async () => {
    const recipients = await queueFaultEmails(3);
    smtp.stallAt({ stage: "data", acceptBeforeReply: true });
    const pass = deliverQueuedEmails({ transport: transport() });
    await waitUntil(() => smtp.messages.length === 3, "three accepted messages");

    const holder = await holdOutboxRows();
    smtp.releaseStalls();
    // The worker's UPDATE … SET status = 'SENT' now waits for the lock; kill its connection.
    const pids = await waitForBlockedBackends(holder, "%UPDATE email_message%SENT%");
    for (const pid of pids) await holder.query("SELECT pg_terminate_backend($1)", [pid]);
    await holder.query("ROLLBACK");

    expect(await pass).toEqual({ claimed: 3, sent: 3, retried: 0, failed: 0 });
    expect(await outboxStates()).toEqual(recipients.map((to) => [to, "SENT", 1]));
    await expireLeases();
    await deliverUntilSettled({ transport: transport() });
    expect(countByRecipient(smtp.messages)).toEqual(once(recipients));
  });
});

describe("the worker process killed while sending", () => {
  it("SIGKILL mid-DATA: nothing was accepted, and a new worker delivers every message exactly once", async () => {
    const recipients = await queueFaultEmails(8);
    smtp.stallAt({ stage: "data" });
    worker = spawnMailWorker(smtp.url);
    // The pool's three connections are each in the middle of a message; the rest wait their turn.
    await waitUntil(() => smtp.stalled === 3, "three messages stalled in DATA", 30_000);
    expect(await outboxStates()).toEqual(recipients.map((to) => [to, "SENDING", 1]));

    worker.child.kill("SIGKILL");
    expect(await worker.exited).toEqual({ code: null, signal: "SIGKILL" });
    await waitUntil(() => smtp.stalled === 0, "the killed worker's connections to close");
    smtp.releaseStalls();
    expect(smtp.messages).toHaveLength(0);
    expect(smtp.abandoned).toBe(3);

    // Its claims hold until their lease runs out: a new worker leaves them alone until then…
    const mail = transport();
    expect(await deliverQueuedEmails({ transport: mail })).toMatchObject({ claimed: 0 });
    // …and then delivers each once.
    await expireLeases();
    await deliverUntilSettled({ transport: mail });
    expect(countByRecipient(smtp.messages)).toEqual(once(recipients));
    expect(await outboxStates()).toEqual(recipients.map((to) => [to, "SENT", 2]));
  });

  it("SIGKILL after the server's 250 but before SENT is committed: the one window for a duplicate, with the same Message-ID", async () => {
    // The residual window: the server has accepted the message and the worker dies before its
    // UPDATE … SENT commits. The row is still SENDING; when its lease ends another worker sends it
    // again. Nothing can close this window without a two-phase commit with the SMTP server; it is
    // kept small (the SENT update follows the 250 within one round trip) and made harmless by
    // the Message-ID, which is derived from the idempotency key and so identical on both copies.
    const recipients = await queueFaultEmails(2);
    smtp.stallAt({ stage: "data", acceptBeforeReply: true });
    worker = spawnMailWorker(smtp.url);
    await waitUntil(() => smtp.messages.length === 2, "two accepted messages", 30_000);

    const holder = await holdOutboxRows();
    smtp.releaseStalls();
    const pids = await waitForBlockedBackends(holder, "%UPDATE email_message%SENT%");
    worker.child.kill("SIGKILL");
    await worker.exited;
    // The UPDATE already sent would still commit once the lock is free; end it too, so the crash
    // lands where it hurts most: before the database has the statement.
    for (const pid of pids) await holder.query("SELECT pg_terminate_backend($1)", [pid]);
    await holder.query("ROLLBACK");
    expect(await outboxStates()).toEqual(recipients.map((to) => [to, "SENDING", 1]));

    await expireLeases();
    await deliverUntilSettled({ transport: transport() });
    expect(countByRecipient(smtp.messages)).toEqual(Object.fromEntries(recipients.map((to) => [to, 2])));
    for (const [n, to] of recipients.entries()) {
      const copies = smtp.messages.filter((message) => message.envelope.to[0] === to);
      expect(new Set(copies.map((copy) => copy.messageId))).toEqual(
        new Set([createMessageId(`fault:${n}`, env.MAIL_FROM)]),
      );
    }
    expect(await outboxStates()).toEqual(recipients.map((to) => [to, "SENT", 2]));
  });
});
