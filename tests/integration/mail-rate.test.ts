import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createMailTransport, type MailTransport } from "@/lib/mail/create-mail-transport";
import { deliverQueuedEmails } from "@/lib/mail/deliver-queued-emails";
import { queueEmails } from "@/lib/mail/queue-emails";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";

let smtp: SmtpTestServer;
const transports: MailTransport[] = [];

beforeEach(async () => {
  smtp = await startSmtpTestServer();
});

afterEach(async () => {
  for (const transport of transports.splice(0)) transport.close();
  await smtp.stop();
});

async function queue(count: number) {
  await queueEmails(
    prisma,
    "sign-in",
    Array.from({ length: count }, (_, n) => ({
      to: `backer${n}@example.com`,
      idempotencyKey: `rate:${n}`,
      props: { url: `http://localhost:3000/api/auth/magic-link/verify?token=t${n}`, email: `backer${n}@example.com` },
    })),
  );
}

/** `workers` independent workers (each its own pool, as separate processes have) until all is sent. */
async function deliverWithWorkers(
  workers: number,
  total: number,
  options: { ratePerSecond: number; maxAttempts?: number },
) {
  const deadline = Date.now() + 60_000;
  const sent = async () => prisma.emailMessage.count({ where: { status: "SENT" } });
  await Promise.all(
    Array.from({ length: workers }, async (_, index) => {
      const transport = createMailTransport(smtp.url, {}, { maxConnections: 2 });
      transports.push(transport);
      while ((await sent()) < total) {
        if (Date.now() > deadline) throw new Error(`Only ${await sent()} of ${total} sent within a minute.`);
        const result = await deliverQueuedEmails({ transport, batchSize: 10, workerId: `w${index}`, ...options });
        if (result.claimed === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }),
  );
}

function deliveredOnce(total: number) {
  const counts = new Map<string, number>();
  for (const message of smtp.messages) for (const to of message.envelope.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  expect(counts.size).toBe(total);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
}

describe("sending rate across workers", () => {
  it("three workers together stay at the provider's N/s and deliver everything once", async () => {
    const rate = 10;
    const total = 50;
    smtp.limitRate({ perSecond: rate });
    await queue(total);
    const started = Date.now();
    await deliverWithWorkers(3, total, { ratePerSecond: rate });
    const seconds = (Date.now() - started) / 1000;

    deliveredOnce(total);
    // The first second's N go at once; the rest at N/s.
    expect(seconds).toBeGreaterThanOrEqual((total - rate) / rate - 0.5);
    expect(seconds).toBeLessThan((total / rate) * 1.5 + 2);
    // At the rate, the provider seldom has to say "too fast" (network and timer jitter bunch a few).
    expect(smtp.throttled).toBeLessThan(total * 0.25);
    expect(await prisma.emailMessage.count({ where: { status: "FAILED" } })).toBe(0);
  });

  it("a provider slower than configured answers 454; sending slows down and no message is ever failed", async () => {
    const total = 30;
    smtp.limitRate({ perSecond: 5 });
    await queue(total);
    // Configured for twice what the provider accepts, and allowed a single attempt per message.
    await deliverWithWorkers(2, total, { ratePerSecond: 10, maxAttempts: 1 });

    deliveredOnce(total);
    expect(smtp.throttled).toBeGreaterThan(0);
    const rows = await prisma.emailMessage.findMany({ select: { status: true, attempts: true } });
    expect(rows.every((row) => row.status === "SENT" && row.attempts === 1)).toBe(true);
  });
});
