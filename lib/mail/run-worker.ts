// `npm run worker`: delivers the outbox on its own, for deployments where the web processes do not
// (MAIL_WORKER_IN_PROCESS off). Run as many as you like; they share the queue through SKIP LOCKED.
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startMailWorker } from "./start-mail-worker";

if (!env.DATABASE_URL) {
  console.error(
    "DATABASE_URL is not set. The worker needs the app's Postgres; see the Configuration section of README.md.",
  );
  process.exit(1);
}

const worker = startMailWorker();
console.log(`Mail worker started (pid ${process.pid}), delivering via ${worker.transport.description}.`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) {
    console.log(`${signal} again: exiting now.`);
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal} received: finishing the current batch…`);
  await worker.stop();
  await prisma.$disconnect();
  console.log("Mail worker stopped.");
  process.exit(0);
}

process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
