import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER } from "@/lib/http/peer-address-header";
import { startWebServer, type RequestHandler, type WebServer } from "@/lib/server/start-web-server";

let server: WebServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The headers the app sees, as JSON. */
const echo: RequestHandler = (request, response) => {
  response.setHeader("content-type", "application/json");
  response.end(JSON.stringify(request.headers));
};

async function serve(handle: RequestHandler, trustedProxyHops = 0): Promise<string> {
  server = await startWebServer({ handle, port: 0, hostname: "127.0.0.1", trustedProxyHops });
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("not listening");
  return `http://127.0.0.1:${address.port}`;
}

/** A real HTTP request with headers fetch would refuse to send as given. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers, agent: false }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the production web server", () => {
  it("without trusted proxies gives the app the socket's address, whatever X-Forwarded-For claims", async () => {
    const url = await serve(echo, 0);
    const seen = JSON.parse((await get(url, { "x-forwarded-for": "6.6.6.6", [PEER_ADDRESS_HEADER]: "10.1.1.1" })).body);
    expect(seen["x-forwarded-for"]).toBe("127.0.0.1");
    expect(seen[PEER_ADDRESS_HEADER]).toBe("127.0.0.1");
  });

  it("with one trusted proxy gives the app the address that proxy appended, and only that", async () => {
    const url = await serve(echo, 1);
    const seen = JSON.parse((await get(url, { "x-forwarded-for": "6.6.6.6, 203.0.113.9" })).body);
    expect(seen["x-forwarded-for"]).toBe("203.0.113.9");
    // The dev mailbox still judges the connection itself, not the forwarded address.
    expect(seen[PEER_ADDRESS_HEADER]).toBe("127.0.0.1");
  });

  it("gives every request an id, on the request and the response", async () => {
    const url = await serve(echo, 0);
    const first = await get(url, { "x-request-id": "client-chosen-id-123" });
    const second = await get(url);
    expect(JSON.parse(first.body)["x-request-id"]).toBe(first.headers["x-request-id"]);
    // Without a trusted proxy, a client-chosen id is replaced.
    expect(first.headers["x-request-id"]).not.toBe("client-chosen-id-123");
    expect(first.headers["x-request-id"]).not.toBe(second.headers["x-request-id"]);
  });

  it("on close finishes the request in flight, then refuses new connections", async () => {
    const url = await serve(async (_request, response) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      response.end("finished");
    });
    const inFlight = get(url);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = server!.close();
    const answer = await inFlight;
    expect(answer).toMatchObject({ status: 200, body: "finished" });
    await closed;
    server = undefined;
    await expect(get(url)).rejects.toThrow(/ECONNREFUSED/);
  });
});
