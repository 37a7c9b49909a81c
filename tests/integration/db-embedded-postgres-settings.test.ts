import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/start-embedded-postgres";

const dataDir = path.resolve(`.data/tmp/embedded-settings-${process.pid}-${Date.now()}`);
let embedded: EmbeddedDatabase | undefined;

afterAll(async () => {
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the embedded Postgres (development, tests, bench and load runs)", () => {
  it("keeps a 1 GB buffer cache, so a bulk job's writes do not evict the pages the backer report reads", async () => {
    embedded = await startEmbeddedPostgres({ dataDir, database: "settings_check", throwaway: true });
    const client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ shared_buffers: string }>("SHOW shared_buffers");
      expect(rows[0].shared_buffers).toBe("1GB");
    } finally {
      await client.end();
    }
  }, 120_000);
});
