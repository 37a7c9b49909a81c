import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { applyMigrations, checksumOf, MIGRATIONS_DIR } from "@/prisma/migrate";
import { recreateDatabase } from "../support/postgres-server";

const serverUrl = inject("pgServerUrl");
const scratch = `pledgehouse_test_migrations_${process.env.VITEST_POOL_ID ?? "0"}`;

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "pledgehouse-migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe("the migration runner", () => {
  let url: string;
  afterEach(async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await client.end();
  });

  it("applies every migration once, records it as Prisma does, and is a no-op the second time", async () => {
    url = await recreateDatabase(serverUrl, scratch);
    const first = await applyMigrations(url);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.alreadyApplied).toEqual([]);

    const second = await applyMigrations(url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      url,
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(first.applied);
    const { readFile } = await import("node:fs/promises");
    for (const row of rows) {
      expect(row.finished_at).not.toBeNull();
      expect(row.checksum).toBe(checksumOf(await readFile(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"))));
    }
  });

  it("serialises concurrent runs: two at once apply each migration exactly once", async () => {
    url = await recreateDatabase(serverUrl, scratch);
    const [a, b] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect([...a.applied, ...b.applied].sort()).toEqual([...a.applied, ...a.alreadyApplied].sort());
    const rows = await query<{ n: string }>(url, `SELECT count(*) AS n FROM "_prisma_migrations"`);
    expect(Number(rows[0].n)).toBe(a.applied.length + a.alreadyApplied.length);
  });

  it("rolls a failing migration back whole and names the file, the line and the SQL error", async () => {
    url = await recreateDatabase(serverUrl, scratch);
    const dir = await migrationsDir({
      "001_ok": `CREATE TABLE first_table (id int);`,
      "002_broken": `CREATE TABLE half_done (id int);\nINSERT INTO half_done VALUES (1);\nSELECT * FROM no_such_table;`,
      "003_later": `CREATE TABLE never_reached (id int);`,
    });
    await expect(applyMigrations(url, dir)).rejects.toThrow(
      /Migration .*002_broken.*migration\.sql \(line 3\) failed and was rolled back: relation "no_such_table" does not exist/,
    );
    const tables = await query<{ tablename: string }>(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.map((t) => t.tablename)).toEqual(["_prisma_migrations", "first_table"]);
    const recorded = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(recorded.map((r) => r.migration_name)).toEqual(["001_ok"]);
  });

  it("refuses a migration edited after it was applied", async () => {
    url = await recreateDatabase(serverUrl, scratch);
    const dir = await migrationsDir({ "001_ok": `CREATE TABLE first_table (id int);` });
    await applyMigrations(url, dir);
    await writeFile(path.join(dir, "001_ok", "migration.sql"), `CREATE TABLE first_table (id bigint);`);
    await expect(applyMigrations(url, dir)).rejects.toThrow(/001_ok.*was edited after it was applied/);
  });
});
