// `npm start`: the production web process. Runs from the bundle (.next/standalone/web.mjs, built by
// scripts/bundle-production.ts) with `node`, in front of Next's request handler.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// This file only ever runs a production build; without this a forgotten NODE_ENV would quietly
// switch off the configuration checks and switch on the dev mailbox.
(process.env as Record<string, string>).NODE_ENV = "production";

const dir = path.dirname(fileURLToPath(import.meta.url));
const serverFiles = path.join(dir, ".next", "required-server-files.json");
if (!existsSync(serverFiles)) {
  console.error(`No production build next to ${fileURLToPath(import.meta.url)}: run \`npm run build\` first.`);
  process.exit(1);
}
process.chdir(dir);
// The tracking preview's worker thread, bundled beside this file (scripts/bundle-production.ts).
process.env.PLEDGEHOUSE_TRACKING_PREVIEW_THREAD = path.join(dir, "tracking-preview-thread.mjs");

// Imported after NODE_ENV is fixed: lib/env exits with one message naming every bad variable.
const { env } = await import("@/lib/env");
const { logger } = await import("@/lib/log/logger");
const { startWebServer } = await import("./start-web-server");
const { applyPageSecurity } = await import("@/lib/security/apply-page-security");

const { config } = JSON.parse(readFileSync(serverFiles, "utf8")) as { config: Record<string, unknown> };
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
const port = Number(process.env.PORT) || 3000;
// HOST, not HOSTNAME: container runtimes set HOSTNAME to the container's name.
const hostname = process.env.HOST || "0.0.0.0";

type NextFactory = (options: Record<string, unknown>) => {
  prepare(): Promise<void>;
  getRequestHandler(): (request: unknown, response: unknown) => Promise<void>;
  close(): Promise<void>;
};
const nextModule = (await import("next")) as unknown as { default: NextFactory | { default: NextFactory } };
const createNext = typeof nextModule.default === "function" ? nextModule.default : nextModule.default.default;
const app = createNext({ dev: false, dir, conf: config, hostname, port, customServer: true });
await app.prepare();
const handle = app.getRequestHandler();

const log = logger.child({ process: "web" });
const pageSecurity = { development: false, appUrl: env.APP_URL };
const web = await startWebServer({
  // The CSP nonce and the requested path are set here rather than by proxy.ts (which then skips the
  // request): the same headers for less CPU per page (lib/security/apply-page-security.ts).
  handle: (request, response) => {
    applyPageSecurity(request, response, pageSecurity);
    return handle(request, response);
  },
  port,
  hostname,
  trustedProxyHops: env.TRUSTED_PROXY_HOPS,
  onResponse: (entry) => log.info(entry, "request"),
});
log.info({ port, hostname, appUrl: env.APP_URL, trustedProxyHops: env.TRUSTED_PROXY_HOPS }, "web server listening");

let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping: no new connections, finishing requests in flight");
  const deadline = setTimeout(() => {
    log.error("requests still running after 25 s; exiting");
    process.exit(1);
  }, 25_000);
  deadline.unref();
  await web.close();
  // The in-process mail worker (MAIL_WORKER_IN_PROCESS) releases what it holds.
  const worker = (globalThis as { pledgehouseMailWorker?: { stop(): Promise<void> } }).pledgehouseMailWorker;
  await worker?.stop();
  await app.close().catch(() => {});
  log.info("web server stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
