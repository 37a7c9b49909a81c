import { randomBytes } from "node:crypto";
import type pg from "pg";
import { withDatabase } from "./authz-fixture";

export type E2eCampaign = {
  projectId: string;
  name: string;
  backers: { id: string; pledgeId: string; email: string; name: string; backerNumber: number }[];
};

/**
 * A campaign of a spec's own: a project owned by `ownerEmail` (given an account first if they have
 * none, as one who signs up by signing in later would) with `backers` backers, each with a
 * collected pledge of a physical tier. Names and emails carry a random tag, so no other spec (nor a
 * second run against the same database) shares these rows, and a spec never has to pick demo
 * backers by convention.
 */
export async function createE2eCampaign(
  ownerEmail: string,
  options: { backers: number; name?: string; timeZone?: string },
): Promise<E2eCampaign> {
  const tag = randomBytes(4).toString("hex");
  const name = options.name ?? `E2E Campaign ${tag}`;
  return withDatabase(async (client) => {
    await client.query("BEGIN");
    try {
      const users = await ensureUser(client, ownerEmail);
      const { rows: projects } = await client.query<{ id: string }>(
        `INSERT INTO project (name, platform, currency, time_zone, launched_at, ended_at)
         VALUES ($1, 'KICKSTARTER', 'USD', $2, now() - interval '60 days', now() - interval '30 days') RETURNING id`,
        [name, options.timeZone ?? "UTC"],
      );
      const projectId = projects[0].id;
      await client.query("INSERT INTO membership (project_id, user_id, role) VALUES ($1, $2, 'OWNER')", [projectId, users[0].id]);
      const { rows: levels } = await client.query<{ id: string }>(
        "INSERT INTO pledge_level (project_id, name, price, kind) VALUES ($1, 'Deluxe', 5000, 'PHYSICAL') RETURNING id",
        [projectId],
      );
      const { rows: backers } = await client.query<{ id: string; email: string; name: string; backer_number: number }>(
        `INSERT INTO backer (project_id, email, name, backer_number, country, shipping_name, shipping_country_name)
         SELECT $1, 'e2e-' || $2 || '-' || n || '@example.com', 'Backer ' || n || ' ' || $2, n, 'CA', 'Backer ' || n, 'Canada'
         FROM generate_series(1, $3::int) n
         RETURNING id, email, name, backer_number`,
        [projectId, tag, options.backers],
      );
      const { rows: pledges } = await client.query<{ id: string; backer_id: string }>(
        `INSERT INTO pledge (project_id, backer_id, pledge_level_id, amount, pledged_at)
         SELECT $1, b.id, $2, 5000, now() - interval '45 days' FROM unnest($3::uuid[]) AS b(id)
         RETURNING id, backer_id`,
        [projectId, levels[0].id, backers.map((b) => b.id)],
      );
      await client.query("COMMIT");
      const pledgeOf = new Map(pledges.map((p) => [p.backer_id, p.id]));
      return {
        projectId,
        name,
        backers: backers
          .map((b) => ({ id: b.id, pledgeId: pledgeOf.get(b.id)!, email: b.email, name: b.name, backerNumber: b.backer_number }))
          .sort((a, b) => a.backerNumber - b.backerNumber),
      };
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  });
}

/**
 * The user row of `email`, created when missing: a magic-link sign-in later finds it by email, as
 * it finds one created by an earlier sign-in.
 */
async function ensureUser(client: pg.Client, email: string): Promise<{ id: string }[]> {
  const normalized = email.trim().toLowerCase();
  await client.query(
    `INSERT INTO "user" (id, name, email, email_verified) VALUES (gen_random_uuid()::text, $2, $1, false)
     ON CONFLICT (email) DO NOTHING`,
    [normalized, normalized.split("@")[0]],
  );
  const { rows } = await client.query<{ id: string }>('SELECT id FROM "user" WHERE email = $1', [normalized]);
  return rows;
}
