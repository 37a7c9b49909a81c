import { DomainError, type DomainErrorCode } from "@/lib/errors";

/**
 * How a route's failures are written, as its page reads them: `text` a plain-text message shown as
 * is (tracking dialog, downloads), `json` `{ ok: false, code, message }` (the import page).
 */
export type RouteFailureFormat = "text" | "json";

/** The one table from a domain error to its HTTP status, for every project route handler. */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  INVALID_INPUT: 400,
};

/** A failure in the route's format; `Cache-Control: no-store` so no cache or proxy keeps it. */
export function routeFailureResponse(
  format: RouteFailureFormat,
  status: number,
  code: DomainErrorCode,
  message: string,
): Response {
  if (format === "json")
    return Response.json({ ok: false, code, message }, { status, headers: { "Cache-Control": "no-store" } });
  return new Response(`${message}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** A JSON answer that no cache or proxy keeps. */
export function jsonRouteResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

/** A domain error as the route's failure (status from DOMAIN_ERROR_STATUS, its own message); anything else is a bug and is rethrown. */
export function domainErrorRouteResponse(format: RouteFailureFormat, error: unknown): Response {
  if (error instanceof DomainError)
    return routeFailureResponse(format, DOMAIN_ERROR_STATUS[error.code], error.code, error.message);
  throw error;
}
