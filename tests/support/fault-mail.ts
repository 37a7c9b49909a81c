import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";
import { prisma } from "@/lib/db/client";
import type { MailTransport } from "@/lib/mail/create-mail-transport";
import { deliverQueuedEmails, type DeliverQueuedEmailsOptions } from "@/lib/mail/deliver-queued-emails";
import { queueEmails } from "@/lib/mail/queue-emails";
import type { ReceivedMessage } from "./smtp-test-server";

/** Queues `count` bulk sign-in emails to fault0@example.com, fault1@…, keyed `fault:<n>`. */
export async function queueFaultEmails(count: number, prefix = "fault"): Promise<string[]> {
  const recipients = Array.from({ length: count }, (_, n) => `${prefix}${n}@example.com`);
  await queueEmails(
    prisma,
    "sign-in",
    recipients.map((to, n) => ({
      to,
      props: { url: `http://localhost:3000/verify?token=${prefix}${n}`, email: to },
      idempotencyKey: `${prefix}:${n}`,
    })),
  );
  return recipients;
}

/** Makes every queued message due now instead of waiting out its backoff (time travel, not sleep). */
export async function makeAllDue(): Promise<void> {
  await prisma.$executeRaw`UPDATE email_message SET next_attempt_at = now() WHERE status = 'QUEUED'`;
}

/** Ends every lease now, as if the worker holding them had been gone for longer than the lease. */
export async function expireLeases(): Promise<void> {
  await prisma.$executeRaw`UPDATE email_message SET locked_until = now() WHERE status = 'SENDING'`;
}

/** Runs delivery passes, skipping backoff, until a pass finds nothing to claim. */
export async function deliverUntilSettled(
  options: DeliverQueuedEmailsOptions & { transport: MailTransport },
  maxPasses = 20,
): Promise<void> {
  for (let pass = 0; pass < maxPasses; pass++) {
    await makeAllDue();
    if ((await deliverQueuedEmails(options)).claimed === 0) return;
  }
  throw new Error(`The outbox did not settle in ${maxPasses} passes.`);
}

/** How many messages the SMTP server accepted for each recipient. */
export function countByRecipient(messages: readonly ReceivedMessage[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const message of messages) for (const to of message.envelope.to) counts[to] = (counts[to] ?? 0) + 1;
  return counts;
}

/** `{ [recipient]: 1 }` for every recipient: what "delivered exactly once" looks like. */
export function once(recipients: readonly string[]): Record<string, number> {
  return Object.fromEntries(recipients.map((to) => [to, 1]));
}

/** Outbox rows as [recipient, status, attempts], by recipient. */
export async function outboxStates(): Promise<[string, string, number][]> {
  const rows = await prisma.emailMessage.findMany({ orderBy: { toEmail: "asc" } });
  return rows.map((row) => [row.toEmail, row.status, row.attempts]);
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A second, plain connection to the test database: to hold locks and terminate backends. */
export async function connectSecondSession(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: "fault-injector" });
  await client.connect();
  return client;
}

/**
 * Waits until another backend of this database is blocked on a lock while running a statement
 * matching `queryPattern` (a SQL LIKE pattern), and returns the pids.
 */
export async function waitForBlockedBackends(
  session: pg.Client,
  queryPattern: string,
  minimum = 1,
  timeoutMs = 15_000,
): Promise<number[]> {
  let pids: number[] = [];
  await waitUntil(
    async () => {
      // Inside a transaction pg_stat_activity is a snapshot taken at its first use: refresh it.
      await session.query("SELECT pg_stat_clear_snapshot()");
      const { rows } = await session.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()
            AND wait_event_type = 'Lock' AND query LIKE $1`,
        [queryPattern],
      );
      pids = rows.map((row) => row.pid);
      return pids.length >= minimum;
    },
    `a backend blocked in ${queryPattern}`,
    timeoutMs,
  );
  return pids;
}

export type WorkerProcess = {
  readonly child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * Starts the real `npm run worker` entry point as a child process on the test database; `env`
 * adds to or overrides its environment, `uid`/`gid` run it as another OS user.
 */
export function spawnMailWorker(
  smtpUrl: string,
  options: { env?: Record<string, string>; uid?: number; gid?: number } = {},
): WorkerProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./lib/node/allow-server-only.mjs", "lib/mail/run-worker.ts"],
    {
      env: {
        ...process.env,
        DATABASE_URL: process.env.DATABASE_URL,
        // NODE_ENV=test, not production: the worker then signs Message-IDs with this process's
        // default MAIL_FROM, so a copy it sent and a copy sent from here can be compared.
        NODE_ENV: "test",
        SMTP_URL: smtpUrl,
        // Test files run in parallel on few cores: a reniced worker would yield to them and the
        // timings these tests allow would depend on the neighbours. jobs-worker-priority.test.ts
        // starts it at the production default.
        WORKER_NICE: "0",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
      uid: options.uid,
      gid: options.gid,
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}
