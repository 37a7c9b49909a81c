import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/start-embedded-postgres";
import { applyMigrations, MIGRATIONS_DIR } from "@/prisma/migrate";
import { seedBenchDatabase } from "./seed-bench-database";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const CLUSTER_DIR = path.join(ROOT, ".data/bench-postgres");

/** Everything that decides the seeded data: change any of it and the cached database is rebuilt. */
async function seedFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  const files = [
    "lib/demo/generate-campaign.ts",
    "lib/demo/create-random.ts",
    "lib/demo/demo-countries.ts",
    "lib/demo/insert-campaign.ts",
    "tests/bench/seed-bench-database.ts",
  ].map((file) => path.join(ROOT, file));
  const migrations = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(MIGRATIONS_DIR, entry.name, "migration.sql"))
    .sort();
  for (const file of [...files, ...migrations]) {
    hash.update(path.relative(ROOT, file));
    hash.update(await readFile(file));
  }
  return hash.digest("hex").slice(0, 12);
}

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export type BenchDatabase = {
  /** A fresh copy of the seeded database for this run. */
  url: string;
  template: string;
  /** Whether the seeded template came from the cache. */
  cached: boolean;
  /** Drops the run's copy and stops the embedded server if this process started it. */
  release: () => Promise<void>;
};

/**
 * A database of `backers` seeded backers for this benchmark run. The seeded database is kept as a
 * template named after the backer count and a fingerprint of the generator, the seed script and
 * the migrations (`pledgehouse_bench_<N>_<hash>`), in a persistent embedded cluster under
 * .data/bench-postgres (or on the DATABASE_URL server), so only the first run pays for seeding.
 * Each run works on its own copy (CREATE DATABASE … TEMPLATE), so a scenario may write freely.
 */
export async function prepareBenchDatabase(backers: number, log: (line: string) => void): Promise<BenchDatabase> {
  let serverUrl: string;
  let stopServer = async () => {};
  if (process.env.DATABASE_URL) {
    serverUrl = databaseUrl(process.env.DATABASE_URL, "postgres");
    log(`using the server of DATABASE_URL`);
  } else {
    // fsync off: the cache can always be rebuilt, and seeding is several times faster without it.
    const embedded = await startEmbeddedPostgres({ dataDir: CLUSTER_DIR, database: "postgres", throwaway: true });
    serverUrl = embedded.serverUrl;
    stopServer = embedded.stop;
    log(`started the embedded benchmark cluster in ${path.relative(ROOT, CLUSTER_DIR)}`);
  }

  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const fingerprint = await seedFingerprint();
  const template = `pledgehouse_bench_${backers}_${fingerprint}`;
  const run = `pledgehouse_bench_run_${process.pid}`;
  let cached = true;
  try {
    const existing = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`pledgehouse_bench_${backers}\\_%`],
    );
    for (const { datname } of existing.rows) {
      if (datname !== template) {
        log(`dropping stale cached database ${datname}`);
        await admin.query(`DROP DATABASE IF EXISTS ${quote(datname)} WITH (FORCE)`);
      }
    }
    if (!existing.rows.some((row) => row.datname === template)) {
      cached = false;
      // Built under another name and renamed at the end, so an interrupted seed is never mistaken for a cache.
      const building = `pledgehouse_bench_building_${process.pid}`;
      log(`seeding ${backers.toLocaleString("en-US")} backers into ${template} (cached for later runs)`);
      await admin.query(`DROP DATABASE IF EXISTS ${quote(building)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${quote(building)}`);
      const buildingUrl = databaseUrl(serverUrl, building);
      await applyMigrations(buildingUrl);
      await seedBenchDatabase(buildingUrl, backers, log);
      await admin.query(`ALTER DATABASE ${quote(building)} RENAME TO ${quote(template)}`);
    } else {
      log(`using cached database ${template}`);
    }
    const t = performance.now();
    await admin.query(`DROP DATABASE IF EXISTS ${quote(run)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quote(run)} TEMPLATE ${quote(template)} STRATEGY FILE_COPY`);
    log(`copied it to ${run} in ${Math.round(performance.now() - t)} ms`);
  } finally {
    await admin.end();
  }

  return {
    url: databaseUrl(serverUrl, run),
    template,
    cached,
    release: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${quote(run)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
      await stopServer();
    },
  };
}
