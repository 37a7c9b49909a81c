/**
 * Whether a failed write lost a race with another transaction: a unique constraint (P2002 from a
 * model query; P2010 with SQLSTATE 23505 from a raw one), a deadlock (40P01) or a serialization
 * failure (40001). Such failures are expected under concurrent sends and become CONFLICT.
 */
export function detectWriteConflict(error: unknown): "unique" | "deadlock" | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, meta } = error as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
  };
  if (code === "P2002") return "unique";
  if (code === "P2034") return "deadlock";
  const cause = meta?.driverAdapterError?.cause;
  if (cause?.originalCode === "23505" || cause?.kind === "UniqueConstraintViolation") return "unique";
  if (cause?.originalCode === "40P01" || cause?.originalCode === "40001" || cause?.kind === "TransactionWriteConflict")
    return "deadlock";
  return null;
}
