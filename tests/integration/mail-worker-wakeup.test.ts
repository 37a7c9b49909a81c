import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createMailTransport } from "@/lib/mail/create-mail-transport";
import { EMAIL_QUEUED_CHANNEL } from "@/lib/mail/listen-for-queued-emails";
import { queueEmail } from "@/lib/mail/queue-email";
import { startMailWorker } from "@/lib/mail/start-mail-worker";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";

let smtp: SmtpTestServer;
beforeEach(async () => {
  smtp = await startSmtpTestServer();
});
afterEach(async () => {
  await smtp.stop();
});

const queue = (n: number) =>
  queueEmail(prisma, {
    to: `wakeup${n}@example.com`,
    kind: "sign-in",
    props: { url: `http://localhost:3000/verify?token=${n}`, email: `wakeup${n}@example.com` },
    idempotencyKey: `wakeup-test:${n}`,
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(50);
  }
}

/** The backend of the worker's LISTEN connection, once it has one. */
async function listenerPids(): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ pid: number }[]>`
    SELECT pid FROM pg_stat_activity WHERE application_name = 'pledgehouse mail listener' AND query ILIKE 'LISTEN%'`;
  return rows.map((row) => row.pid);
}

describe("the outbox's insert trigger", () => {
  it("notifies once when a transaction that queued mail commits, and not before", async () => {
    const listener = new pg.Client({ connectionString: env.DATABASE_URL });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (message) => heard.push(message.channel));
    await listener.query(`LISTEN ${EMAIL_QUEUED_CHANNEL}`);
    try {
      await prisma.$transaction(async (tx) => {
        await queueEmail(tx, { to: "a@example.com", kind: "sign-in", props: { url: "http://x/1", email: "a@example.com" }, idempotencyKey: "trigger:1" });
        await queueEmail(tx, { to: "b@example.com", kind: "sign-in", props: { url: "http://x/2", email: "b@example.com" }, idempotencyKey: "trigger:2" });
        await sleep(300);
        // Uncommitted mail is not announced: a worker woken now would find nothing it can see.
        expect(heard).toEqual([]);
      });
      await waitFor(async () => heard.length > 0, 5_000);
      await sleep(200);
      expect(heard).toEqual([EMAIL_QUEUED_CHANNEL]);
    } finally {
      await listener.end();
    }
  });
});

describe("an idle mail worker", () => {
  it("delivers new mail at once although its poll would come much later, also after its listening connection was cut", async () => {
    // A poll once a minute: only the notification can deliver within seconds.
    const worker = startMailWorker({ pollMs: 60_000, transport: createMailTransport(smtp.url) });
    try {
      await waitFor(async () => (await listenerPids()).length === 1);
      await sleep(300);

      const queuedAt = Date.now();
      await queue(1);
      await smtp.waitForMessages(1, 5_000);
      expect(Date.now() - queuedAt).toBeLessThan(5_000);

      // The connection is lost (a database restart, a proxy's idle timeout): the worker opens another
      // and keeps waking for new mail.
      const [cut] = await listenerPids();
      await prisma.$queryRaw`SELECT pg_terminate_backend(${cut}::int)`;
      await waitFor(async () => {
        const pids = await listenerPids();
        return pids.length === 1 && pids[0] !== cut;
      }, 15_000);
      await queue(2);
      await smtp.waitForMessages(2, 5_000);
      expect(smtp.messages.map((message) => message.envelope.to[0])).toEqual(["wakeup1@example.com", "wakeup2@example.com"]);
    } finally {
      await worker.stop();
    }
    expect(await listenerPids()).toEqual([]);
  });

  it("polls an idle outbox less and less often, down to idlePollMs", async () => {
    let passes = 0;
    const worker = startMailWorker({ pollMs: 50, idlePollMs: 400, transport: createMailTransport(smtp.url), onPass: () => passes++ });
    try {
      await waitFor(async () => (await listenerPids()).length === 1);
      await sleep(1_000);
      const before = passes;
      await sleep(2_000);
      // Every 50 ms would be about 40 passes in two seconds, each a claim query walking the outbox's
      // index (past every email a bulk job has inserted and not committed); every 400 ms about 5.
      expect(passes - before).toBeGreaterThanOrEqual(3);
      expect(passes - before).toBeLessThanOrEqual(8);
      // New mail still goes out at once, and the waits start short again.
      await queue(3);
      await smtp.waitForMessages(1, 2_000);
    } finally {
      await worker.stop();
    }
  });
});
