import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createMailTransport } from "@/lib/mail/create-mail-transport";
import { queueEmail } from "@/lib/mail/queue-email";
import { startMailWorker } from "@/lib/mail/start-mail-worker";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";
import { productionEnv } from "../support/production-env";

let smtp: SmtpTestServer;
beforeEach(async () => {
  smtp = await startSmtpTestServer();
});
afterEach(async () => {
  await smtp.stop();
});

const queue = (n: number) =>
  queueEmail(prisma, {
    to: `backer${n}@example.com`,
    kind: "sign-in",
    props: { url: `http://localhost:3000/verify?token=${n}`, email: `backer${n}@example.com` },
    idempotencyKey: `worker-test:${n}`,
  });

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("startMailWorker", () => {
  it("delivers what is queued before and after it starts, keeps one worker per process, and stops", async () => {
    for (let n = 0; n < 120; n++) await queue(n);
    const worker = startMailWorker({ pollMs: 50, batchSize: 25, transport: createMailTransport(smtp.url) });
    expect(startMailWorker({ pollMs: 50 })).toBe(worker);

    await smtp.waitForMessages(120, 20_000);
    await queue(999);
    await smtp.waitForMessages(121);
    await worker.stop();

    expect(await prisma.emailMessage.count({ where: { status: "SENT" } })).toBe(121);
    expect(new Set(smtp.messages.map((message) => message.envelope.to[0])).size).toBe(121);

    // Stopped means stopped; a new call starts a fresh worker.
    await queue(1000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages).toHaveLength(121);
    const second = startMailWorker({ pollMs: 50, transport: createMailTransport(smtp.url) });
    expect(second).not.toBe(worker);
    await smtp.waitForMessages(122);
    await second.stop();
  });
});

describe("startMailWorker with a backlog", () => {
  it("claims the next batch while the previous one is still being sent, and delivers each message once", async () => {
    for (let n = 0; n < 30; n++) await queue(n);
    // A slow server: every message waits 150 ms for its reply, so a batch of 5 on the pool's 3
    // connections takes a few hundred milliseconds to answer.
    smtp.stallAt({ stage: "data", ms: 150 });
    const worker = startMailWorker({ pollMs: 50, batchSize: 5, transport: createMailTransport(smtp.url) });
    let mostInFlight = 0;
    try {
      while ((await prisma.emailMessage.count({ where: { status: "SENT" } })) < 30) {
        mostInFlight = Math.max(mostInFlight, await prisma.emailMessage.count({ where: { status: "SENDING" } }));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await worker.stop();
    }
    // One pass at a time would never hold more than its batch of 5.
    expect(mostInFlight).toBeGreaterThan(5);
    expect(smtp.messages).toHaveLength(30);
    expect(new Set(smtp.messages.map((message) => message.envelope.to[0])).size).toBe(30);
    const rows = await prisma.emailMessage.groupBy({ by: ["status", "attempts"], _count: true });
    expect(rows).toEqual([{ status: "SENT", attempts: 1, _count: 30 }]);
  });
});

describe("npm run worker (lib/mail/run-worker.ts)", () => {
  it("delivers through SMTP_URL and exits cleanly on SIGTERM", async () => {
    await queue(1);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--import", "./lib/node/allow-server-only.mjs", "lib/mail/run-worker.ts"],
      {
        env: { ...process.env, ...productionEnv({ SMTP_URL: smtp.url }) },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

    await smtp.waitForMessages(1, 30_000);
    await waitFor(async () => (await prisma.emailMessage.count({ where: { status: "SENT" } })) === 1);
    expect(output).toContain(`delivering via SMTP smtp://127.0.0.1:${smtp.port}`);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain("Mail worker stopped.");
  });
});
