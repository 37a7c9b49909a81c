import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/auth";
import { withSingleForwardedFor } from "@/lib/auth/client-ip";
import { readBodyWithinLimit } from "@/lib/http/read-body-within-limit";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";

/**
 * Better Auth's endpoints take small JSON bodies; the body is read here, counted while it arrives,
 * so a client streaming gigabytes to a sign-in endpoint is cut off at the limit instead of buffered.
 */
async function handle(request: Request): Promise<Response> {
  if (request.method === "GET" || request.method === "HEAD") return auth.handler(withSingleForwardedFor(request));
  const body = await readBodyWithinLimit(request, REQUEST_BODY_LIMITS.auth);
  if (!body.ok) {
    const status = body.reason === "too-large" ? 413 : 400;
    return Response.json({ message: status === 413 ? "The request is too large." : "The request did not arrive complete." }, { status, headers: { "Cache-Control": "no-store" } });
  }
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  const bounded = new Request(request.url, { method: request.method, headers, body: body.bytes as BodyInit, signal: request.signal });
  return auth.handler(withSingleForwardedFor(bounded));
}

export const { GET, POST } = toNextJsHandler(handle);
