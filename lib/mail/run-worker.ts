// `npm run worker`: delivers the outbox and runs project jobs (bulk applies) on its own, for deployments where the web processes do not
// (MAIL_WORKER_IN_PROCESS off). Run as many as you like; they share the queue through SKIP LOCKED.
// lib/env (imported first, through the client) exits with one message when the configuration is wrong.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/log/logger";
import { lowerWorkerPriority } from "@/lib/jobs/lower-worker-priority";
import { startJobWorker } from "@/lib/jobs/start-job-worker";
import { startMailWorker } from "./start-mail-worker";

/** Touched at every heartbeat; the container's health check reads its age (see Dockerfile). */
export const WORKER_ALIVE_FILE = path.join(tmpdir(), "pledgehouse-mail-worker.alive");

const log = logger.child({ process: "worker" });

if (!env.DATABASE_URL) {
  log.error("DATABASE_URL is not set. The worker needs the app's Postgres; see the Configuration section of README.md.");
  process.exit(1);
}

// Before the first query, so every connection of this process gets its backend reniced. Development
// runs the workers inside the web server (instrumentation.ts), which is never reniced.
const priority = lowerWorkerPriority(env.WORKER_NICE, log);

const worker = startMailWorker({
  onHeartbeat: () => {
    try {
      writeFileSync(WORKER_ALIVE_FILE, new Date().toISOString());
    } catch {
      // A read-only /tmp only costs the container health check.
    }
  },
});
// Kept word for word: operators and tests look for this line.
console.log(`Mail worker started (pid ${process.pid}), delivering via ${worker.transport.description}.`);
log.info({ transport: worker.transport.description }, "mail worker started");
// Bulk applies (project jobs) run here too, through graphile-worker; the outbox keeps its own loop.
const jobs = await startJobWorker({ prepareConnection: priority.prepareConnection });
console.log(`Job worker started (pid ${process.pid}).`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) {
    log.warn({ signal }, "signal again: exiting now");
    process.exit(1);
  }
  stopping = true;
  log.info({ signal }, "finishing the current batch");
  await Promise.all([worker.stop(), jobs.stop()]);
  await prisma.$disconnect();
  console.log("Mail worker stopped.");
  process.exit(0);
}

process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
