import "server-only";
import { prisma, type Tx } from "./client";
import type { PrismaClient } from "./generated/client";
import { setLocal, type LocalSettings } from "./set-local";

export type TransactionOptions = {
  /** The process's client (default) opens a transaction; a transaction nests a savepoint in it. */
  db?: Tx | PrismaClient;
  /** Longest the transaction may stay open, in ms (Prisma's default: 5 s). */
  timeout?: number;
  /** Longest to wait for a pooled connection, in ms (Prisma's default: 2 s). */
  maxWait?: number;
  /** Isolation level, when READ COMMITTED (Postgres' default) is not enough. Top-level transactions only. */
  isolation?: "repeatable read" | "serializable";
  /** Refuse writes: the transaction only reads. Top-level transactions only. */
  readOnly?: boolean;
  /** Postgres settings for this transaction alone (see setLocal); put back when a savepoint ends. */
  settings?: LocalSettings;
};

const ISOLATION_SQL = { "repeatable read": "REPEATABLE READ", serializable: "SERIALIZABLE" } as const;

/**
 * The one way the app opens a transaction: the action, route or job calls it and hands `tx` to
 * the use-case. Isolation and access mode are the transaction's first statement, then the local
 * settings; nested in a caller's transaction (`db` a transaction) it is a savepoint whose settings
 * are put back afterwards, so they do not leak into the rest of the caller's transaction.
 */
export function runInTransaction<T>(run: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const db = options.db ?? prisma;
  // A transaction client lacks $connect; only the process's client opens a top-level transaction.
  const nested = !("$connect" in db);
  if (nested && (options.isolation || options.readOnly)) {
    throw new Error("Isolation and read-only apply to a whole transaction: open it with them rather than nesting.");
  }
  const characteristics = [
    options.isolation && `ISOLATION LEVEL ${ISOLATION_SQL[options.isolation]}`,
    options.readOnly && "READ ONLY",
  ].filter(Boolean);
  const prismaOptions = {
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    ...(options.maxWait === undefined ? {} : { maxWait: options.maxWait }),
  };
  return db.$transaction(async (tx) => {
    // Fixed words only (from ISOLATION_SQL), so nothing outside this file reaches the SQL text.
    if (characteristics.length > 0) await tx.$executeRawUnsafe(`SET TRANSACTION ${characteristics.join(", ")}`);
    const previous = options.settings ? await setLocal(tx, options.settings) : {};
    const result = await run(tx);
    if (nested && Object.keys(previous).length > 0) await setLocal(tx, previous);
    return result;
  }, prismaOptions);
}
