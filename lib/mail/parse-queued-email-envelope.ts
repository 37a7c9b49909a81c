import { DomainError } from "@/lib/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Deliberately loose: one @, something on both sides, a dot in the domain, no spaces or brackets.
// Anything stricter rejects real addresses; SMTP gives the final answer.
const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

export type QueuedEmailEnvelope = { to: string; idempotencyKey: string; projectId: string | null };

/**
 * Checks and normalises who a message goes to and what it is keyed by. `where` names the row in
 * bulk calls so the message points at the offending input.
 */
export function parseQueuedEmailEnvelope(
  input: { to: string; idempotencyKey: string; projectId?: string | null },
  where = "",
): QueuedEmailEnvelope {
  const to = typeof input.to === "string" ? input.to.trim().toLowerCase() : "";
  if (!EMAIL.test(to)) {
    throw new DomainError(
      "INVALID_INPUT",
      `${where}"${String(input.to)}" is not an email address; expected name@example.com.`,
      {
        to: ["Enter an email address like name@example.com."],
      },
    );
  }
  const idempotencyKey = typeof input.idempotencyKey === "string" ? input.idempotencyKey : "";
  if (idempotencyKey.trim() === "") {
    throw new DomainError(
      "INVALID_INPUT",
      `${where}the idempotency key is empty; name the change this email announces.`,
    );
  }
  const projectId = input.projectId ?? null;
  if (projectId !== null && !UUID.test(projectId)) {
    throw new DomainError("INVALID_INPUT", `${where}project id "${projectId}" is not a UUID.`);
  }
  return { to, idempotencyKey, projectId };
}
