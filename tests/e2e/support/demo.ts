import pg from "pg";

/**
 * The one thing of `seedDemo` (prisma/seed.ts, run on the e2e database by `npm test`) that specs
 * use: the demo creator's account, the instance's first and so allowed to create projects through
 * the UI. The demo projects and their backers are not named here: a spec creates what it reads
 * (support/create-campaign.ts), so it runs alone and in any order.
 */
export const DEMO = {
  creatorEmail: "creator@example.com",
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
