import type { Instrumentation } from "next";

/**
 * Next calls this once when a server starts. Importing lib/env first makes `next start` and `next
 * dev` refuse a wrong configuration at start, as `npm start` does. In development (or with
 * MAIL_WORKER_IN_PROCESS=1) the mail worker and the job worker run inside the web process, so `npm run dev` needs no
 * second terminal. With OTEL_EXPORTER_OTLP_ENDPOINT set, Next's request, render and fetch spans go
 * to that collector through OpenTelemetry. Imports are dynamic so the edge runtime never loads
 * nodemailer or Prisma, and an instance without a collector never loads the SDK.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` may load server code to collect page data; no worker there.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { env, mailWorkerInProcess } = await import("@/lib/env");
  // Traces leave only for a configured OTLP collector; without one the SDK is never loaded.
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    const { registerOTel } = await import("@vercel/otel");
    registerOTel({ serviceName: env.OTEL_SERVICE_NAME ?? "pledgehouse-web" });
  }
  if (!mailWorkerInProcess) return;
  const { startMailWorker } = await import("@/lib/mail/start-mail-worker");
  // startMailWorker returns the running worker when called again (dev re-evaluation).
  startMailWorker({ pollMs: 500 });
  // Project jobs (bulk applies) run beside it, as they do in `npm run worker`.
  const { startJobWorker } = await import("@/lib/jobs/start-job-worker");
  startJobWorker().catch((error: unknown) => console.error("The job worker could not start:", error));
}

/**
 * Every unhandled error of a page, route handler, action or the proxy, as one log line with the
 * digest the person saw on the error page and the request id, so a report can be matched to it.
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ logger }, { logRequestError }] = await Promise.all([import("@/lib/log/logger"), import("@/lib/log/log-request-error")]);
  logRequestError(logger, error, request, context);
};
