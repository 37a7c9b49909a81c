import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/start-embedded-postgres";

/**
 * The Postgres server the test suite uses: `TEST_PG_SERVER_URL` (set by `npm test`, which starts one
 * server for every stage), else `DATABASE_URL` (any server you point it at; tests create and drop
 * databases named `pledgehouse_test_*` on it), else a throwaway embedded server of its own under
 * `.data/tmp/`, so several test runs on one machine never share a cluster.
 */
export async function acquireTestServer(): Promise<{ serverUrl: string; stop: () => Promise<void> }> {
  const given = process.env.TEST_PG_SERVER_URL ?? process.env.DATABASE_URL;
  if (given) return { serverUrl: given, stop: async () => {} };
  const dataDir = path.resolve(`.data/tmp/test-postgres-${process.pid}-${Date.now()}`);
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir, database: "postgres", throwaway: true });
  return {
    serverUrl: embedded.serverUrl,
    stop: async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The URL of `database` on the same server as `serverUrl`. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Drops and re-creates `database`, optionally as a copy of `template` (fast: a file-level copy). */
export async function recreateDatabase(serverUrl: string, database: string, template?: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}"${template ? ` TEMPLATE "${template}"` : ""}`);
  } finally {
    await client.end();
  }
  return databaseUrl(serverUrl, database);
}
