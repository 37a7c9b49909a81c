import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/health/ready/route";
import { prisma } from "@/lib/db/client";
import { checkReadiness } from "@/lib/health/check-readiness";
import { createMailTransport } from "@/lib/mail/create-mail-transport";
import { queueEmail } from "@/lib/mail/queue-email";
import { recordWorkerHeartbeat } from "@/lib/mail/record-worker-heartbeat";
import { startMailWorker } from "@/lib/mail/start-mail-worker";
import { MIGRATIONS_DIR } from "@/prisma/migrate";

// The route reads the migrations shipped next to the process (prisma/migrations under the cwd).
const options = { migrationsDir: MIGRATIONS_DIR, workerInProcess: false };

let extraDir = "";
afterEach(() => {
  if (extraDir) rmSync(extraDir, { recursive: true, force: true });
  extraDir = "";
});

async function queueDueEmail(minutesAgo: number) {
  await queueEmail(prisma, {
    to: "ada@example.com",
    kind: "sign-in",
    props: { url: "http://localhost:3000/verify?token=1", email: "ada@example.com" },
    idempotencyKey: `health:${minutesAgo}`,
  });
  await prisma.$executeRaw`UPDATE email_message SET next_attempt_at = now() - ${minutesAgo} * interval '1 minute'`;
}

describe("GET /api/health", () => {
  it("answers 200 {status: ok} without touching anything", async () => {
    const response = health();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});

describe("GET /api/health/ready", () => {
  it("answers 503 while no mail worker has reported, naming that check only", async () => {
    const response = await ready();
    const body = await response.json();
    expect(response.status).toBe(503);
    expect(body.status).toBe("unavailable");
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.migrations).toMatchObject({ ok: true, pending: 0 });
    expect(body.checks.mailWorker).toEqual({ ok: false, lastSeenSecondsAgo: null });
    expect(body.checks.mailQueue).toEqual({ ok: true, due: 0, oldestDueSeconds: null });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 200 once a running worker has written its heartbeat, and 503 again after it stops", async () => {
    const worker = startMailWorker({ pollMs: 50, transport: createMailTransport() });
    try {
      await expect.poll(async () => (await ready()).status, { timeout: 10_000 }).toBe(200);
    } finally {
      await worker.stop();
    }
    // A worker that stopped cleanly removed its heartbeat.
    expect((await ready()).status).toBe(503);
  });

  it("reports a worker silent for over a minute as gone", async () => {
    await recordWorkerHeartbeat("old-host:1");
    await prisma.$executeRaw`UPDATE worker_heartbeat SET beat_at = now() - interval '5 minutes'`;
    const readiness = await checkReadiness(options);
    expect(readiness.checks.mailWorker.ok).toBe(false);
    expect(readiness.checks.mailWorker.lastSeenSecondsAgo).toBeGreaterThanOrEqual(299);
  });

  it("reports an email due for over 15 minutes and a migration not applied", async () => {
    await recordWorkerHeartbeat("host:1");
    await queueDueEmail(20);
    extraDir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    cpSync(MIGRATIONS_DIR, extraDir, { recursive: true });
    mkdirSync(path.join(extraDir, "29990101000000_not_yet_applied"));
    const readiness = await checkReadiness({ ...options, migrationsDir: extraDir });
    expect(readiness.status).toBe("unavailable");
    expect(readiness.checks.mailWorker.ok).toBe(true);
    expect(readiness.checks.mailQueue).toMatchObject({ ok: false, due: 1 });
    expect(readiness.checks.mailQueue.oldestDueSeconds).toBeGreaterThanOrEqual(1199);
    expect(readiness.checks.migrations).toMatchObject({ ok: false, pending: 1 });
  });

  it("answers 503 quickly, without details, when the database cannot be reached", async () => {
    const started = Date.now();
    const readiness = await checkReadiness({
      ...options,
      query: async () => {
        throw new Error("connect ECONNREFUSED 10.0.0.5:5432 (user pledgehouse)");
      },
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(readiness).toEqual({
      status: "unavailable",
      checks: {
        database: { ok: false },
        migrations: { ok: false },
        mailWorker: { ok: false, lastSeenSecondsAgo: null },
        mailQueue: { ok: false },
      },
    });
  });
});
