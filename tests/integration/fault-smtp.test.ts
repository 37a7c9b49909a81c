import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createMailTransport, type MailTransport, type SmtpTimeouts } from "@/lib/mail/create-mail-transport";
import { createMessageId } from "@/lib/mail/create-message-id";
import { deliverQueuedEmails } from "@/lib/mail/deliver-queued-emails";
import {
  countByRecipient,
  deliverUntilSettled,
  expireLeases,
  makeAllDue,
  once,
  outboxStates,
  queueFaultEmails,
  waitUntil,
} from "../support/fault-mail";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";

// Every fault below is injected into a real SMTP conversation on loopback; timeouts are cut to
// a few hundred milliseconds and backoff is skipped by making messages due, so nothing sleeps.
const FAST: SmtpTimeouts = { connectionTimeout: 500, greetingTimeout: 250, socketTimeout: 500 };

let smtp: SmtpTestServer;
const transports: MailTransport[] = [];
/** A pooled SMTP transport; the defaults (10 s, 60 s) unless a test needs to see a timeout. */
function transport(timeouts: SmtpTimeouts = {}): MailTransport {
  const created = createMailTransport(smtp.url, timeouts);
  transports.push(created);
  return created;
}

beforeEach(async () => {
  smtp = await startSmtpTestServer();
});
afterEach(async () => {
  for (const created of transports.splice(0)) created.close();
  await smtp.stop();
});

type TemporaryFault = {
  name: string;
  inject(): Promise<void> | void;
  clear(): Promise<void> | void;
  /** What the first, failed attempt stores as last_error. */
  lastError: RegExp;
};

const temporaryFaults: TemporaryFault[] = [
  {
    name: "the server is down (connection refused)",
    inject: () => smtp.stop(),
    clear: () => smtp.start(),
    lastError: /ECONNREFUSED/,
  },
  {
    name: "the server is slower than the greeting timeout",
    inject: () => smtp.stallAt({ stage: "greeting" }),
    clear: () => smtp.releaseStalls(),
    lastError: /Greeting never received/,
  },
  {
    name: "the server stalls at RCPT TO beyond the socket timeout",
    inject: () => smtp.stallAt({ stage: "rcpt" }),
    clear: () => smtp.releaseStalls(),
    lastError: /ETIMEDOUT|Timeout/,
  },
  {
    name: "the server stalls after DATA beyond the socket timeout, before accepting",
    inject: () => smtp.stallAt({ stage: "data" }),
    clear: () => smtp.releaseStalls(),
    lastError: /ETIMEDOUT|Timeout/,
  },
  {
    name: "the server answers 4xx at RCPT TO",
    inject: () => smtp.rejectWith({ code: 450, message: "4.2.1 Mailbox busy, try again later", stage: "rcpt" }),
    clear: () => smtp.acceptAll(),
    lastError: /^450 4\.2\.1 Mailbox busy, try again later$/,
  },
  {
    name: "the server answers 4xx after DATA",
    inject: () => smtp.rejectWith({ code: 451, message: "4.3.0 Queue full", stage: "data" }),
    clear: () => smtp.acceptAll(),
    lastError: /^451 4\.3\.0 Queue full$/,
  },
  {
    name: "the server drops every connection in the middle of DATA",
    inject: () => smtp.dropMidData({ afterBytes: 100 }),
    clear: () => smtp.acceptAll(),
    lastError: /ECONNECTION|closed|ESOCKET/i,
  },
];

describe("SMTP faults: every message is delivered exactly once after recovery", () => {
  it.each(temporaryFaults)("$name: retried with backoff, then delivered once", async (fault) => {
    const recipients = await queueFaultEmails(3);
    const mail = transport(FAST);
    await fault.inject();

    const started = Date.now();
    expect(await deliverQueuedEmails({ transport: mail })).toEqual({ claimed: 3, sent: 0, retried: 3, failed: 0 });
    for (const row of await prisma.emailMessage.findMany()) {
      expect(row).toMatchObject({ status: "QUEUED", attempts: 1, lockedUntil: null });
      expect(row.lastError).toMatch(fault.lastError);
      // Backoff: the first retry waits 15–30 s, so a flapping server is not hammered.
      expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(started + 15_000);
    }
    // Not due yet: nothing is claimed before the backoff ends.
    expect(await deliverQueuedEmails({ transport: mail })).toMatchObject({ claimed: 0 });
    expect(smtp.messages).toHaveLength(0);

    await fault.clear();
    // Recovery on a transport with the usual timeouts, so a busy machine cannot add a retry.
    await deliverUntilSettled({ transport: transport() });

    expect(countByRecipient(smtp.messages)).toEqual(once(recipients));
    expect(await outboxStates()).toEqual(recipients.map((to) => [to, "SENT", 2]));
    for (const row of await prisma.emailMessage.findMany()) {
      expect(row).toMatchObject({ lastError: null, lockedUntil: null, transport: "smtp" });
      const received = smtp.messages.find((message) => message.envelope.to[0] === row.toEmail)!;
      expect(received.messageId).toBe(createMessageId(row.idempotencyKey, env.MAIL_FROM));
    }
  });

  it("a server that is merely slow (within the timeouts) gets each message once, on the first attempt", async () => {
    const recipients = await queueFaultEmails(3);
    smtp.stallAt({ stage: "greeting", ms: 150 });
    const mail = transport({ greetingTimeout: 2_000, socketTimeout: 2_000 });
    expect(await deliverQueuedEmails({ transport: mail })).toEqual({ claimed: 3, sent: 3, retried: 0, failed: 0 });
    smtp.stallAt({ stage: "data", ms: 150 });
    const more = await queueFaultEmails(3, "slow");
    expect(await deliverQueuedEmails({ transport: mail })).toEqual({ claimed: 3, sent: 3, retried: 0, failed: 0 });

    expect(countByRecipient(smtp.messages)).toEqual(once([...recipients, ...more]));
    expect((await outboxStates()).every(([, status, attempts]) => status === "SENT" && attempts === 1)).toBe(true);
  });

  it("a connection dropped once mid-DATA fails only that message's attempt; the batch goes on", async () => {
    const recipients = await queueFaultEmails(3);
    smtp.dropMidData({ afterBytes: 100, times: 1 });
    const mail = transport();
    expect(await deliverQueuedEmails({ transport: mail })).toEqual({ claimed: 3, sent: 2, retried: 1, failed: 0 });
    expect(smtp.abandoned).toBe(1);
    expect(smtp.messages).toHaveLength(2);
    await deliverUntilSettled({ transport: mail });

    // The cut-off copy was never accepted, so sending it again is not a duplicate.
    expect(countByRecipient(smtp.messages)).toEqual(once(recipients));
    const states = await outboxStates();
    expect(states.map(([, status]) => status)).toEqual(["SENT", "SENT", "SENT"]);
    expect(states.map(([, , attempts]) => attempts).sort()).toEqual([1, 1, 2]);
  });

  it.each([
    { stage: "rcpt" as const, code: 550, message: "5.1.1 User unknown" },
    { stage: "data" as const, code: 554, message: "5.7.1 Message rejected as spam" },
  ])("a $code at $stage marks the message FAILED with the server's reply and never retries it", async (reply) => {
    const [rejected] = await queueFaultEmails(1, "rejected");
    const accepted = await queueFaultEmails(2);
    smtp.rejectWith({ ...reply, times: 1 });
    const mail = transport();

    const first = await deliverQueuedEmails({ transport: mail });
    expect(first).toMatchObject({ claimed: 3, failed: 1 });
    await deliverUntilSettled({ transport: mail });
    await expireLeases();
    await deliverUntilSettled({ transport: mail });

    const failed = await prisma.emailMessage.findMany({ where: { status: "FAILED" } });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ attempts: 1, lastError: `${reply.code} ${reply.message}`, lockedUntil: null });
    // Whichever message drew the rejection, it got nothing and everyone else got exactly one.
    const everyone = [rejected, ...accepted];
    expect(countByRecipient(smtp.messages)).toEqual(once(everyone.filter((to) => to !== failed[0].toEmail)));
    expect(await prisma.emailMessage.count({ where: { status: "SENT", attempts: 1 } })).toBe(2);
  });

  it("a send slower than the lease keeps its claim: a second worker never sends the same message", async () => {
    const recipients = await queueFaultEmails(3);
    smtp.stallAt({ stage: "data", ms: 2_500 });
    const leaseMs = 900;
    const slow = deliverQueuedEmails({ transport: transport(), leaseMs, workerId: "slow" });
    await waitUntil(() => smtp.stalled === 3, "three stalled messages");

    // Another worker polls all the while the first one waits for the server's replies.
    const other = transport();
    let stolen = 0;
    while (smtp.stalled > 0) {
      stolen += (await deliverQueuedEmails({ transport: other, leaseMs, workerId: "other" })).claimed;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await slow).toEqual({ claimed: 3, sent: 3, retried: 0, failed: 0 });
    expect(stolen).toBe(0);
    await makeAllDue();
    expect(countByRecipient(smtp.messages)).toEqual(once(recipients));
    expect(await outboxStates()).toEqual(recipients.map((to) => [to, "SENT", 1]));
  });

  it("the one duplicate left: the server accepted but its reply never arrived; the copy carries the same Message-ID", async () => {
    // A server that queues a message and then fails to answer before the client's timeout is the
    // window no client can close (RFC 1047): the worker cannot tell "accepted" from "lost" and must
    // retry. What keeps it harmless is the Message-ID, derived from the idempotency key, so the
    // receiving system (and the backer's mail client) can recognise the second copy.
    const [recipient] = await queueFaultEmails(1);
    smtp.stallAt({ stage: "data", acceptBeforeReply: true, times: 1 });
    expect(await deliverQueuedEmails({ transport: transport(FAST) })).toMatchObject({ retried: 1 });
    await deliverUntilSettled({ transport: transport() });

    expect(countByRecipient(smtp.messages)).toEqual({ [recipient]: 2 });
    const [first, second] = smtp.messages;
    expect(second.messageId).toBe(first.messageId);
    expect(first.messageId).toBe(createMessageId("fault:0", env.MAIL_FROM));
    expect(await outboxStates()).toEqual([[recipient, "SENT", 2]]);
  });
});
