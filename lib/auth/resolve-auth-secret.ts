import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const SECRET_FILE = path.join(".data", "dev-auth-secret");

function readOrCreateCheckoutSecret(root: string): string {
  const file = path.join(root, SECRET_FILE);
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      // "wx": two processes starting at once (next dev and its workers) keep the first one's secret.
      writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
    } catch {
      // The other process won the race; its file is complete by the time we read it.
    }
    return readFileSync(file, "utf8").trim();
  }
}

/**
 * The secret that signs sessions and sign-in tokens. Production must configure AUTH_SECRET
 * (lib/env refuses to start without it). Development gets a random secret per checkout, kept in
 * .data/ so sessions survive restarts; tests and `next build` get a random one per process. None of
 * them is a value anyone else can read in the source.
 */
export function resolveAuthSecret(
  configured: string | undefined,
  nodeEnv: "development" | "test" | "production",
  root = process.cwd(),
): string {
  if (configured) return configured;
  if (nodeEnv === "development") return readOrCreateCheckoutSecret(root);
  return randomBytes(32).toString("hex");
}
