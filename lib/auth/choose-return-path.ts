import { safeReturnPath } from "./safe-return-path";

/**
 * The request header in which the web server (or proxy.ts under `next dev`) passes the path (and
 * query) a visitor asked for. Layouts
 * cannot see the URL in the App Router; without it, a signed-out visitor following a link to a
 * deep page would come back to the project's first page after signing in.
 */
export const REQUESTED_PATH_HEADER = "x-pledgehouse-requested-path";

/**
 * Where to return after sign-in: the page that was asked for when it lies inside `scope` (the
 * project or pledge the guard protects), else `scope` itself. Requests that skip the proxy may
 * carry a header of the client's choosing, so nothing outside `scope` or off the site is accepted.
 */
export function chooseReturnPath(requested: string | null | undefined, scope: string): string {
  const path = safeReturnPath(requested);
  if (path && (path === scope || path.startsWith(`${scope}/`) || path.startsWith(`${scope}?`))) return path;
  return scope;
}
