import { afterAll, beforeEach, inject } from "vitest";
import { recreateDatabase } from "./postgres-server";
import { TEMPLATE_DATABASE } from "./global-setup";

// Each vitest worker gets its own copy of the migrated template, so test files run in parallel
// without seeing each other's rows. DATABASE_URL is set before any test imports lib/db.
const serverUrl = inject("pgServerUrl");
const workerDatabase = `pledgehouse_test_${process.env.VITEST_POOL_ID ?? "0"}`;
process.env.DATABASE_URL = await recreateDatabase(serverUrl, workerDatabase, TEMPLATE_DATABASE);
process.env.TEST_PG_SERVER_URL = serverUrl;
process.env.PLEDGEHOUSE_TRACKING_PREVIEW_THREAD = inject("trackingPreviewThread");

const { prisma } = await import("@/lib/db/client");
// The job engine's queue (graphile_worker) is emptied too, so no test inherits another's jobs.
const tables = await prisma.$queryRaw<{ schemaname: string; tablename: string }[]>`
  SELECT schemaname, tablename FROM pg_tables
  WHERE (schemaname = 'public' AND tablename <> '_prisma_migrations')
     OR (schemaname = 'graphile_worker' AND tablename <> 'migrations')`;
const truncateAll = `TRUNCATE ${tables.map((t) => `"${t.schemaname}"."${t.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`;

/** Every test starts from an empty, migrated database. */
beforeEach(async () => {
  await prisma.$executeRawUnsafe(truncateAll);
});

afterAll(async () => {
  await prisma.$disconnect();
});
