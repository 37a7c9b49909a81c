import "server-only";
import { env } from "@/lib/env";
import { resolveAuthSecret } from "./resolve-auth-secret";

let resolved: string | undefined;

/**
 * The instance's secret, resolved once per process: outside development and production an
 * unconfigured secret is random per process, so everything that signs with it (sessions, sign-in
 * links, unsubscribe links) must share this one value.
 */
export function getAuthSecret(): string {
  resolved ??= resolveAuthSecret(env.AUTH_SECRET, env.NODE_ENV);
  return resolved;
}
