import "server-only";
import { env } from "@/lib/env";
import { createAuth } from "./create-auth";
import { getAuthSecret } from "./get-auth-secret";

/**
 * The app's Better Auth instance. Cookies are Secure everywhere except `next dev` and plain-http
 * e2e runs that opt out with INSECURE_COOKIES.
 */
export const auth = createAuth({
  baseURL: env.APP_URL,
  secret: getAuthSecret(),
  secureCookies: env.NODE_ENV !== "development" && !env.INSECURE_COOKIES,
});
