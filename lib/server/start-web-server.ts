import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { PEER_ADDRESS_HEADER } from "@/lib/http/peer-address-header";
import { resolveClientAddress } from "@/lib/http/resolve-client-address";

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

export type WebServerOptions = {
  /** Next's request handler (or any handler, in tests). */
  handle: RequestHandler;
  port: number;
  hostname: string;
  trustedProxyHops: number;
  /** Called once per finished request. */
  onResponse?: (entry: { requestId: string; method: string; path: string; status: number; ms: number; client: string | null }) => void;
};

export type WebServer = {
  server: Server;
  /** Stops accepting connections and resolves once every request in flight has been answered. */
  close(): Promise<void>;
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The HTTP server in front of Next's handler. It is the only code that sees the TCP connection, so
 * it decides what the app may believe about the client: X-Forwarded-For is replaced by the one
 * address TRUSTED_PROXY_HOPS allows (the socket's own with no trusted proxy, so a client cannot
 * pick its sign-in rate-limit bucket), the peer's address goes in PEER_ADDRESS_HEADER (the dev
 * mailbox answers loopback peers only), and every request gets an id that logs and the response carry.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  let closing = false;
  const server = createServer((request, response) => {
    const started = performance.now();
    // While shutting down, a keep-alive connection is closed after its current answer.
    if (closing) response.setHeader("connection", "close");
    const socketAddress = request.socket.remoteAddress ?? null;
    const client = resolveClientAddress({
      forwardedFor: request.headers["x-forwarded-for"]?.toString(),
      socketAddress,
      trustedHops: options.trustedProxyHops,
    });
    if (client) request.headers["x-forwarded-for"] = client;
    else delete request.headers["x-forwarded-for"];
    if (socketAddress) request.headers[PEER_ADDRESS_HEADER] = socketAddress;
    else delete request.headers[PEER_ADDRESS_HEADER];

    const incomingId = request.headers["x-request-id"]?.toString();
    const requestId = options.trustedProxyHops > 0 && incomingId && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    request.headers["x-request-id"] = requestId;
    response.setHeader("x-request-id", requestId);

    response.once("finish", () => {
      options.onResponse?.({
        requestId,
        method: request.method ?? "GET",
        path: (request.url ?? "/").split("?")[0],
        status: response.statusCode,
        ms: Math.round(performance.now() - started),
        client,
      });
    });
    Promise.resolve(options.handle(request, response)).catch((error: unknown) => {
      console.error(error);
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    });
  });
  // Node's default keep-alive (5 s), as Next's own server keeps it: with 65 s, Chromium's pool of
  // connections per host filled with idle sockets and a navigation waited (seen in the e2e suite).
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });

  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        // Idle keep-alive connections would hold close() open until they time out; a busy one is
        // closed as soon as its answer is out and it turns idle.
        const sweep = setInterval(() => server.closeIdleConnections(), 100);
        server.close(() => {
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
