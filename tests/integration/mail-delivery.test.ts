import net from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createMailTransport, type MailTransport } from "@/lib/mail/create-mail-transport";
import { createMessageId } from "@/lib/mail/create-message-id";
import { deliverQueuedEmails } from "@/lib/mail/deliver-queued-emails";
import { queueEmail } from "@/lib/mail/queue-email";
import { queueEmails } from "@/lib/mail/queue-emails";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";

let smtp: SmtpTestServer;
const transports: MailTransport[] = [];

function smtpTransport(): MailTransport {
  const transport = createMailTransport(smtp.url);
  transports.push(transport);
  return transport;
}

beforeEach(async () => {
  smtp = await startSmtpTestServer();
});

afterEach(async () => {
  for (const transport of transports.splice(0)) transport.close();
  await smtp.stop();
});

const signInUrl = (n: number | string) =>
  `http://localhost:3000/api/auth/magic-link/verify?token=t${n}&callbackURL=%2Fprojects`;

async function queueSignIn(n: number | string, to = `backer${n}@example.com`) {
  return queueEmail(prisma, {
    to,
    kind: "sign-in",
    props: { url: signInUrl(n), email: to },
    idempotencyKey: `sign-in:${n}`,
  });
}

/** Makes every queued message due now, instead of waiting out its backoff. */
async function makeAllDue() {
  await prisma.$executeRaw`UPDATE email_message SET next_attempt_at = now() WHERE status = 'QUEUED'`;
}

function countByRecipient(messages: { envelope: { to: string[] } }[]) {
  const counts = new Map<string, number>();
  for (const message of messages) for (const to of message.envelope.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

describe("deliverQueuedEmails over SMTP", () => {
  it("delivers a queued message with its content and marks it SENT, once", async () => {
    const { id } = await queueSignIn(1, "Ada@Example.com");
    const transport = smtpTransport();

    expect(await deliverQueuedEmails({ transport })).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    const [message] = await smtp.waitForMessages(1);
    expect(message.envelope).toEqual({ from: "no-reply@pledgehouse.localhost", to: ["ada@example.com"] });
    expect(message.headers.from).toBe(env.MAIL_FROM);
    expect(message.subject).toBe("Sign in to Pledgehouse");
    expect(message.messageId).toBe(createMessageId("sign-in:1", env.MAIL_FROM));
    expect(message.text).toContain(signInUrl(1));
    expect(message.text).toContain("Sign in to Pledgehouse");
    expect(message.html).toContain(`href="${signInUrl(1).replace(/&/g, "&amp;")}"`);

    const row = await prisma.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "SENT", attempts: 1, transport: "smtp", lastError: null, lockedUntil: null });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.smtpMessageId).toBe(message.messageId);

    // A SENT message is never claimed again, even when it looks due.
    await prisma.$executeRaw`UPDATE email_message SET next_attempt_at = now() - interval '1 hour'`;
    expect(await deliverQueuedEmails({ transport })).toMatchObject({ claimed: 0 });
    expect(smtp.messages).toHaveLength(1);
  });

  it("keeps messages queued while the SMTP server is down and delivers each exactly once after it is back", async () => {
    for (const n of [1, 2, 3]) await queueSignIn(n);
    const transport = smtpTransport();
    await smtp.stop();

    expect(await deliverQueuedEmails({ transport })).toEqual({ claimed: 3, sent: 0, retried: 3, failed: 0 });
    const queued = await prisma.emailMessage.findMany();
    for (const row of queued) {
      expect(row.status).toBe("QUEUED");
      expect(row.attempts).toBe(1);
      expect(row.lastError).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
      // Backoff: the first retry waits 15–30 s.
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 10_000);
    }
    expect(await deliverQueuedEmails({ transport })).toMatchObject({ claimed: 0 });

    await makeAllDue();
    expect(await deliverQueuedEmails({ transport })).toMatchObject({ retried: 3 });

    await smtp.start();
    await makeAllDue();
    expect(await deliverQueuedEmails({ transport })).toEqual({ claimed: 3, sent: 3, retried: 0, failed: 0 });
    await makeAllDue();
    expect(await deliverQueuedEmails({ transport })).toMatchObject({ claimed: 0 });

    await smtp.waitForMessages(3);
    expect(smtp.messages).toHaveLength(3);
    expect(countByRecipient(smtp.messages)).toEqual(
      new Map([
        ["backer1@example.com", 1],
        ["backer2@example.com", 1],
        ["backer3@example.com", 1],
      ]),
    );
    const rows = await prisma.emailMessage.findMany();
    expect(rows.map((row) => [row.status, row.attempts, row.lastError])).toEqual(Array(3).fill(["SENT", 3, null]));
  });

  it("marks a message FAILED with the server's reply on a 550", async () => {
    const { id } = await queueSignIn(1, "nobody@example.com");
    smtp.rejectWith({ code: 550, message: "5.1.1 <nobody@example.com>: Recipient address rejected: User unknown" });

    expect(await deliverQueuedEmails({ transport: smtpTransport() })).toEqual({
      claimed: 1,
      sent: 0,
      retried: 0,
      failed: 1,
    });
    const row = await prisma.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("FAILED");
    expect(row.lastError).toBe("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown");
    expect(smtp.messages).toHaveLength(0);

    await makeAllDue();
    expect(await deliverQueuedEmails({ transport: smtpTransport() })).toMatchObject({ claimed: 0 });
  });

  it("retries a 4xx reply (also after DATA) and delivers once the server accepts", async () => {
    const { id } = await queueSignIn(1);
    smtp.rejectWith({ code: 451, message: "4.3.0 Mailbox temporarily unavailable", stage: "data", times: 1 });
    const transport = smtpTransport();

    expect(await deliverQueuedEmails({ transport })).toMatchObject({ retried: 1 });
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "QUEUED",
      lastError: "451 4.3.0 Mailbox temporarily unavailable",
    });

    await makeAllDue();
    expect(await deliverQueuedEmails({ transport })).toMatchObject({ sent: 1 });
    expect(smtp.messages).toHaveLength(1);
  });

  it("gives up after the maximum number of attempts", async () => {
    const { id } = await queueSignIn(1);
    smtp.rejectWith({ code: 421, message: "4.7.0 Try again later" });
    const transport = smtpTransport();
    expect(await deliverQueuedEmails({ transport, maxAttempts: 2 })).toMatchObject({ retried: 1 });
    await makeAllDue();
    expect(await deliverQueuedEmails({ transport, maxAttempts: 2 })).toMatchObject({ failed: 1 });
    const row = await prisma.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("FAILED");
    expect(row.lastError).toBe("Gave up after 2 attempts. Last error: 421 4.7.0 Try again later");
  });

  it("lets two workers deliver concurrently without sending any message twice", async () => {
    const total = 60;
    await queueEmails(
      prisma,
      "sign-in",
      Array.from({ length: total }, (_, i) => ({
        to: `backer${i}@example.com`,
        props: { url: signInUrl(i), email: `backer${i}@example.com` },
        idempotencyKey: `sign-in:${i}`,
      })),
    );
    const worker = async (transport: MailTransport, workerId: string) => {
      let sent = 0;
      for (;;) {
        const result = await deliverQueuedEmails({ transport, workerId, batchSize: 4 });
        sent += result.sent;
        if (result.claimed === 0) return sent;
      }
    };
    const [a, b] = await Promise.all([worker(smtpTransport(), "a"), worker(smtpTransport(), "b")]);
    expect(a + b).toBe(total);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);

    await smtp.waitForMessages(total);
    const counts = countByRecipient(smtp.messages);
    expect(counts.size).toBe(total);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    for (const message of smtp.messages) {
      const n = /^backer(\d+)@/.exec(message.envelope.to[0])![1];
      expect(message.text).toContain(signInUrl(n));
    }
    expect(await prisma.emailMessage.count({ where: { status: "SENT", attempts: 1 } })).toBe(total);
  });

  it("reclaims a message whose worker died mid-send once its lease expires", async () => {
    const { id: abandoned } = await queueSignIn(1);
    const { id: inFlight } = await queueSignIn(2);
    await prisma.$executeRaw`
      UPDATE email_message SET status = 'SENDING', attempts = 1, locked_until = now() - interval '1 second' WHERE id = ${abandoned}::uuid`;
    await prisma.$executeRaw`
      UPDATE email_message SET status = 'SENDING', attempts = 1, locked_until = now() + interval '5 minutes' WHERE id = ${inFlight}::uuid`;

    expect(await deliverQueuedEmails({ transport: smtpTransport() })).toEqual({
      claimed: 1,
      sent: 1,
      retried: 0,
      failed: 0,
    });
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id: abandoned } })).toMatchObject({
      status: "SENT",
      attempts: 2,
    });
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id: inFlight } })).toMatchObject({
      status: "SENDING",
      attempts: 1,
    });
    expect(smtp.messages.map((message) => message.envelope.to)).toEqual([["backer1@example.com"]]);
  });

  it("claims expired claims before due messages and fills the rest of the batch with due ones", async () => {
    const abandoned = [];
    for (const n of [1, 2]) abandoned.push((await queueSignIn(n)).id);
    for (const n of [3, 4, 5]) await queueSignIn(n);
    await prisma.$executeRaw`
      UPDATE email_message SET status = 'SENDING', attempts = 1, locked_until = now() - interval '1 second'
      WHERE id = ANY(${abandoned}::uuid[])`;
    // Due messages older than the abandoned ones: still the abandoned ones come first.
    await prisma.$executeRaw`UPDATE email_message SET next_attempt_at = now() - interval '1 hour' WHERE status = 'QUEUED'`;
    const transport = smtpTransport();

    expect(await deliverQueuedEmails({ transport, batchSize: 1 })).toMatchObject({ claimed: 1, sent: 1 });
    expect(["backer1@example.com", "backer2@example.com"]).toContain(smtp.messages[0].envelope.to[0]);
    expect(await deliverQueuedEmails({ transport, batchSize: 2 })).toMatchObject({ claimed: 2, sent: 2 });
    const recipients = smtp.messages.map((message) => message.envelope.to[0]);
    expect(recipients).toEqual(expect.arrayContaining(["backer1@example.com", "backer2@example.com"]));
    expect(await deliverQueuedEmails({ transport, batchSize: 5 })).toMatchObject({ claimed: 2, sent: 2 });
    expect(new Set(smtp.messages.map((message) => message.envelope.to[0])).size).toBe(5);
    expect(await prisma.emailMessage.count({ where: { status: "SENT" } })).toBe(5);
  });

  it("delivers bulk-queued messages with each recipient's own content", async () => {
    const names = ["Zoë O'Brien", "Tom & Jerry", "<b>Bold</b>"];
    await queueEmails(
      prisma,
      "sign-in",
      names.map((name, i) => ({
        to: `r${i}@example.com`,
        props: { url: `${signInUrl(i)}&who=${i}`, email: name },
        idempotencyKey: `bulk:${i}`,
      })),
    );
    expect(await deliverQueuedEmails({ transport: smtpTransport() })).toMatchObject({ sent: 3 });
    await smtp.waitForMessages(3);
    for (const [i, name] of names.entries()) {
      const message = smtp.messages.find((m) => m.envelope.to[0] === `r${i}@example.com`)!;
      expect(message.text).toContain(`as ${name}.`);
      expect(message.text).toContain(`${signInUrl(i)}&who=${i}`);
      expect(message.html).toContain(`${signInUrl(i)}&amp;who=${i}`.replace(/&(?!amp;)/g, "&amp;"));
    }
  });
});

describe("deliverQueuedEmails with broken stored messages", () => {
  it("fails a bulk-queued message whose template is gone or whose values do not fit, and sends the rest", async () => {
    await queueEmails(
      prisma,
      "sign-in",
      [0, 1, 2].map((i) => ({
        to: `r${i}@example.com`,
        props: { url: signInUrl(i), email: `r${i}@example.com` },
        idempotencyKey: `bulk:${i}`,
      })),
    );
    await prisma.$executeRaw`UPDATE email_message SET template_values = '["only one"]' WHERE idempotency_key = 'bulk:1'`;
    await prisma.$executeRaw`
      UPDATE email_message SET template_id = gen_random_uuid() WHERE idempotency_key = 'bulk:2'`;

    expect(await deliverQueuedEmails({ transport: smtpTransport() })).toEqual({
      claimed: 3,
      sent: 1,
      retried: 0,
      failed: 2,
    });
    await smtp.waitForMessages(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.messages.map((message) => message.envelope.to)).toEqual([["r0@example.com"]]);
    const failed = await prisma.emailMessage.findMany({
      where: { status: "FAILED" },
      orderBy: { idempotencyKey: "asc" },
    });
    expect(failed.map((row) => [row.idempotencyKey, row.lastError])).toEqual([
      ["bulk:1", "The template's placeholder 1 has no value (got 1 values)."],
      ["bulk:2", expect.stringMatching(/^Email template [0-9a-f-]{36} is missing; the message cannot be built\.$/)],
    ]);
  });
});

describe("capture mode (SMTP_URL unset)", () => {
  const originalConnect = net.Socket.prototype.connect as (...args: unknown[]) => net.Socket;

  /** Every TCP connection the process opens while `work` runs, as "host:port". */
  async function connectionsDuring(work: () => Promise<unknown>): Promise<string[]> {
    const opened: string[] = [];
    const spy = vi.spyOn(net.Socket.prototype, "connect").mockImplementation(function (this: net.Socket, ...args: unknown[]) {
      // net.connect() hands the socket its arguments already normalised into one array.
      const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
      const options = typeof first === "object" && first !== null ? (first as net.TcpNetConnectOpts) : { port: Number(first), host: typeof second === "string" ? second : undefined };
      opened.push(`${options.host ?? "localhost"}:${options.port}`);
      return originalConnect.apply(this, args);
    });
    try {
      await work();
    } finally {
      spy.mockRestore();
    }
    return opened;
  }

  it("marks messages SENT with transport 'capture' and opens no connection at all", async () => {
    // The observer sees a real delivery: the SMTP transport connects to the test peer.
    await queueSignIn(0);
    const viaSmtp = await connectionsDuring(() => deliverQueuedEmails({ transport: smtpTransport() }));
    expect(viaSmtp.some((address) => address.endsWith(`:${new URL(smtp.url).port}`))).toBe(true);
    await smtp.waitForMessages(1);

    const { id } = await queueSignIn(1);
    const transport = createMailTransport(null);
    expect(transport.name).toBe("capture");
    let result: Awaited<ReturnType<typeof deliverQueuedEmails>> | undefined;
    const viaCapture = await connectionsDuring(async () => (result = await deliverQueuedEmails({ transport })));
    expect(result).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    const row = await prisma.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      status: "SENT",
      transport: "capture",
      smtpMessageId: createMessageId("sign-in:1", env.MAIL_FROM),
    });
    // Prisma's pool may open a database connection; nothing else may be dialled.
    const databasePort = new URL(process.env.DATABASE_URL!).port;
    expect(viaCapture.filter((address) => !address.endsWith(`:${databasePort}`))).toEqual([]);
    expect(smtp.messages.map((message) => message.envelope.to)).toEqual([["backer0@example.com"]]);
  });
});
