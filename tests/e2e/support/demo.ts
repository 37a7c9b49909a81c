import pg from "pg";

/** What `seedDemo` (prisma/seed.ts) creates; the e2e database is seeded with it by `npm test`. */
export const DEMO = {
  creatorEmail: "creator@example.com",
  otherCreatorEmail: "other-creator@example.com",
  projectName: "Tidewater: Second Edition",
  otherCreatorProjectName: "Harbour Lights: A Tile-Laying Game",
} as const;

/**
 * Reads one value from the e2e database (DATABASE_URL, set by `npm test`). For looking up ids the
 * UI would not show the person under test, such as another creator's project.
 */
export async function queryOne<T>(sql: string, params: unknown[] = []): Promise<T> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set: run e2e tests through `npm test` (or set it yourself).");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(sql, params);
    if (rows.length === 0) throw new Error(`No row for: ${sql} ${JSON.stringify(params)}`);
    return rows[0] as T;
  } finally {
    await client.end();
  }
}
