import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { prisma } from "@/lib/db/client";
import { createMailTransport } from "@/lib/mail/create-mail-transport";
import { deliverQueuedEmails } from "@/lib/mail/deliver-queued-emails";
import { queueEmails } from "@/lib/mail/queue-emails";
import { defineScenario } from "../bench-scenario";

// Smaller runs for a shared machine: BENCH_MAIL_THROTTLED_MESSAGES=300 BENCH_MAIL_THROTTLED_RATE=50.
const MESSAGES = Number(process.env.BENCH_MAIL_THROTTLED_MESSAGES ?? 5_000);
/** What the provider accepts per second, and what the workers are configured for. */
const RATE = Number(process.env.BENCH_MAIL_THROTTLED_RATE ?? 100);
/** Worker processes sharing the rate (each its own pool, as separate processes have). */
const WORKERS = 3;
const KEY_PREFIX = "bench-mail-throttled:";

/**
 * An SMTP peer in its own thread that accepts at most RATE recipients per second and answers
 * "454 Throttling failure" above that, as SES does. It reports how many messages arrived and how
 * many recipients got more than one.
 */
type SmtpPeer = { url: string; ask(command: "count" | "duplicates" | "clear"): Promise<number> };

let smtp: SmtpPeer | null = null;
async function startSmtpPeer(): Promise<SmtpPeer> {
  if (smtp) return smtp;
  const serverFile = pathToFileURL(path.resolve(import.meta.dirname, "../../support/smtp-test-server.ts")).href;
  const worker = new Worker(
    `const { parentPort } = require("node:worker_threads");
     import("tsx/esm/api")
       .then(({ tsImport }) => tsImport(${JSON.stringify(serverFile)}, ${JSON.stringify(import.meta.url)}))
       .then(async ({ startSmtpTestServer }) => {
         const server = await startSmtpTestServer();
         server.limitRate({ perSecond: ${RATE} });
         parentPort.on("message", (command) => {
           if (command === "clear") server.messages.length = 0;
           if (command === "duplicates") {
             const seen = new Map();
             for (const m of server.messages) for (const to of m.envelope.to) seen.set(to, (seen.get(to) ?? 0) + 1);
             parentPort.postMessage([...seen.values()].filter((n) => n > 1).length);
             return;
           }
           parentPort.postMessage(server.messages.length);
         });
         parentPort.postMessage(server.url);
       });`,
    { eval: true },
  );
  worker.unref();
  const url = await new Promise<string>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  smtp = {
    url,
    ask: (command) =>
      new Promise((resolve) => {
        worker.once("message", resolve);
        worker.postMessage(command);
      }),
  };
  return smtp;
}

let client: pg.Client | null = null;
async function connect(databaseUrl: string): Promise<pg.Client> {
  if (!client) {
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  }
  return client;
}

export default defineScenario({
  name: "mail-throttled",
  description: `${WORKERS} mail workers configured for ${RATE}/s deliver ${MESSAGES.toLocaleString("en-US")} messages to a provider that accepts ${RATE}/s and answers 454 above; baseline: ${MESSAGES.toLocaleString("en-US")} / ${RATE} s`,
  runs: 3,
  warmups: 1,
  async reset({ databaseUrl }) {
    const db = await connect(databaseUrl);
    await startSmtpPeer();
    await smtp!.ask("clear");
    await db.query(`DELETE FROM email_message WHERE idempotency_key LIKE $1 OR status IN ('QUEUED', 'SENDING')`, [
      `${KEY_PREFIX}%`,
    ]);
    await db.query("DELETE FROM mail_send_rate");
    await prisma.$transaction(
      (tx) =>
        queueEmails(
          tx,
          "sign-in",
          Array.from({ length: MESSAGES }, (_, n) => ({
            to: `throttled${n}@example.com`,
            idempotencyKey: `${KEY_PREFIX}${n}`,
            props: {
              url: `http://localhost:3000/api/auth/magic-link/verify?token=t${n}`,
              email: `throttled${n}@example.com`,
            },
          })),
        ),
      { timeout: 120_000 },
    );
    await db.query("VACUUM (ANALYZE) email_message");
  },
  // The product's way: WORKERS delivery loops sharing the rate through Postgres, until all is SENT.
  // Fails outright if any message is marked FAILED or any recipient receives a message twice.
  async run({ databaseUrl }) {
    const db = await connect(databaseUrl);
    let done = false;
    const count = async () => {
      const { rows } = await db.query<{ pending: number; failed: number }>(
        `SELECT count(*) FILTER (WHERE status IN ('QUEUED', 'SENDING'))::int AS pending,
                count(*) FILTER (WHERE status = 'FAILED')::int AS failed
         FROM email_message WHERE idempotency_key LIKE $1`,
        [`${KEY_PREFIX}%`],
      );
      return rows[0];
    };
    const loops = Array.from({ length: WORKERS }, async (_, index) => {
      const transport = createMailTransport(smtp!.url);
      try {
        while (!done) {
          const result = await deliverQueuedEmails({ transport, workerId: `bench-${index}`, ratePerSecond: RATE });
          if (result.claimed === 0) await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        transport.close();
      }
    });
    try {
      for (;;) {
        const { pending, failed } = await count();
        if (failed > 0) throw new Error(`mail-throttled: ${failed} messages FAILED`);
        if (pending === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      done = true;
      await Promise.all(loops);
    }
    const [received, duplicates] = [await smtp!.ask("count"), await smtp!.ask("duplicates")];
    if (duplicates > 0) throw new Error(`mail-throttled: ${duplicates} recipients received a message twice`);
    if (received !== MESSAGES)
      throw new Error(`mail-throttled: the SMTP server received ${received}, expected ${MESSAGES}`);
  },
  // The provider's limit itself: nothing can deliver MESSAGES faster than MESSAGES / RATE seconds.
  async baseline() {
    await new Promise((resolve) => setTimeout(resolve, (MESSAGES / RATE) * 1000));
  },
});
