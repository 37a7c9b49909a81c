import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import type { ClientBase } from "pg";
import { env } from "@/lib/env";
import { PrismaClient, type Prisma } from "./generated/client";
import { postgresSessionOptions } from "./postgres-session-options";

/** A transaction client; lib functions that write accept one so callers can compose transactions. */
export type Tx = Prisma.TransactionClient;

/** Work done on a new database connection before its first query (the worker lowers its backend's priority). */
export type ConnectionSetup = (client: ClientBase) => Promise<void>;

// One client per process; in development Next re-evaluates modules on every edit, so keep it on
// globalThis rather than opening a new pool each time. The setup lives there too, beside the pool it serves.
const globalForPrisma = globalThis as unknown as {
  pledgehousePrisma?: PrismaClient;
  pledgehouseConnectionSetup?: ConnectionSetup;
};

function createClient() {
  const adapter = new PrismaPg({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_SIZE,
    options: postgresSessionOptions({ parallelWorkersPerQuery: env.DATABASE_PARALLEL_WORKERS_PER_QUERY }),
    // pg-pool awaits this before it hands a new connection out, so the setup precedes every query on it.
    onConnect: (client) => globalForPrisma.pledgehouseConnectionSetup?.(client),
  });
  return new PrismaClient({ adapter });
}

export const prisma = globalForPrisma.pledgehousePrisma ?? createClient();
globalForPrisma.pledgehousePrisma = prisma;

/**
 * Runs `setup` on every connection this process's client opens from now on. Call it before the
 * first query: connections already in the pool are not revisited.
 */
export function setConnectionSetup(setup: ConnectionSetup | undefined): void {
  globalForPrisma.pledgehouseConnectionSetup = setup;
}
