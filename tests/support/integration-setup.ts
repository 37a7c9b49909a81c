import { afterAll, beforeEach, inject } from "vitest";
import { recreateDatabase } from "./postgres-server";
import { TEMPLATE_DATABASE } from "./global-setup";

// Each vitest worker gets its own copy of the migrated template, so test files run in parallel
// without seeing each other's rows. DATABASE_URL is set before any test imports lib/db.
const serverUrl = inject("pgServerUrl");
const workerDatabase = `pledgehouse_test_${process.env.VITEST_POOL_ID ?? "0"}`;
process.env.DATABASE_URL = await recreateDatabase(serverUrl, workerDatabase, TEMPLATE_DATABASE);
process.env.TEST_PG_SERVER_URL = serverUrl;

const { prisma } = await import("@/lib/db/client");
const tables = await prisma.$queryRaw<{ tablename: string }[]>`
  SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
const truncateAll = `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`;

/** Every test starts from an empty, migrated database. */
beforeEach(async () => {
  await prisma.$executeRawUnsafe(truncateAll);
});

afterAll(async () => {
  await prisma.$disconnect();
});
