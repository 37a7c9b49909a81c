/**
 * Next calls this once when a server starts. In development (or with MAIL_WORKER_IN_PROCESS=1) the
 * mail worker runs inside the web process, so `npm run dev` needs no second terminal. The imports
 * are dynamic so the edge runtime never loads nodemailer or Prisma.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` may load server code to collect page data; no worker there.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { mailWorkerInProcess } = await import("@/lib/env");
  if (!mailWorkerInProcess) return;
  const { startMailWorker } = await import("@/lib/mail/start-mail-worker");
  // startMailWorker returns the running worker when called again (dev re-evaluation).
  startMailWorker({ pollMs: 500 });
}
