import type { Logger } from "pino";

export type FailedRequest = { path: string; method: string; headers: Record<string, string | string[] | undefined> };
export type FailedRequestContext = { routePath: string; routeType: string };

/**
 * One log line for an unhandled error of a page, route handler, action or the proxy: the digest the
 * person saw on the error page and the request id, so a report can be matched to the line. The
 * query string is left out (it can carry tokens); the logger redacts the rest.
 */
export function logRequestError(logger: Logger, error: unknown, request: FailedRequest, context: FailedRequestContext): void {
  const digest = typeof error === "object" && error !== null && "digest" in error ? String(error.digest) : undefined;
  const requestId = request.headers["x-request-id"];
  logger.error(
    {
      err: error,
      digest,
      requestId: Array.isArray(requestId) ? requestId[0] : requestId,
      method: request.method,
      path: request.path.split("?")[0],
      routePath: context.routePath,
      routeType: context.routeType,
    },
    "request failed",
  );
}
