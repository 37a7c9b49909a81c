import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { PrismaClient, type Prisma } from "./generated/client";

/** A transaction client; lib functions that write accept one so callers can compose transactions. */
export type Tx = Prisma.TransactionClient;

function createClient() {
  const adapter = new PrismaPg({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE });
  return new PrismaClient({ adapter });
}

// One client per process; in development Next re-evaluates modules on every edit, so keep it on
// globalThis rather than opening a new pool each time.
const globalForPrisma = globalThis as unknown as { pledgehousePrisma?: PrismaClient };

export const prisma = globalForPrisma.pledgehousePrisma ?? createClient();
globalForPrisma.pledgehousePrisma = prisma;
