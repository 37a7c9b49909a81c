import { createHash, randomBytes } from "node:crypto";

/** Days an invitation link works. Long enough for a holiday, short enough that a stale inbox is harmless. */
export const INVITATION_VALID_DAYS = 7;

/** A fresh link token (sent by email, never stored) and the hash that is stored. */
export function createInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
