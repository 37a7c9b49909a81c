import pg from "pg";

/**
 * Adds `count` creator accounts (load-creator-1@example.com …) as members of the project, as a
 * team would invite them, and returns their emails. Idempotent, so a rerun on the same database
 * reuses them.
 */
export async function addProjectCreators(databaseUrl: string, projectId: string, count: number, prefix = "load-creator"): Promise<string[]> {
  const emails = Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}@example.com`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "user" (id, name, email, email_verified)
       SELECT gen_random_uuid()::text, 'Load creator ' || ordinality, email, true
         FROM unnest($1::text[]) WITH ORDINALITY AS e(email)
       ON CONFLICT (email) DO NOTHING`,
      [emails],
    );
    await client.query(
      `INSERT INTO membership (project_id, user_id, role)
       SELECT $1::uuid, u.id, 'OWNER' FROM "user" u WHERE u.email = ANY($2::text[])
       ON CONFLICT (project_id, user_id) DO NOTHING`,
      [projectId, emails],
    );
  } finally {
    await client.end();
  }
  return emails;
}
