/** The few ways an expected failure can happen; anything else is a bug and throws as itself. */
export type DomainErrorCode = "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "INVALID_INPUT";

/**
 * An expected failure with a message meant for the person who caused it. Actions map it to
 * `{ ok: false, message, fieldErrors }`; NOT_FOUND is also what a forbidden project or pledge
 * answers, so nobody can probe which ids exist.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** Prisma's "unique constraint failed" (P2002), for mapping to CONFLICT inside lib. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002"
  );
}

/** Postgres cancelled the statement because it ran past `statement_timeout` (SQLSTATE 57014). */
export function isStatementTimeout(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { code?: unknown } } } }).meta;
  return meta?.driverAdapterError?.cause?.code === "57014";
}
