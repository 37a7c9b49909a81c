import { createHash } from "node:crypto";

/**
 * A Message-ID derived from the idempotency key: if a message is ever sent twice (a worker died
 * after the server accepted it but before the row was marked SENT), both copies carry the same
 * id, so mail systems and clients can recognise the duplicate.
 */
export function createMessageId(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "pledgehouse.localhost";
  const hash = createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 32);
  return `<${hash}@${domain}>`;
}
