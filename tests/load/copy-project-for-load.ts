import { randomUUID } from "node:crypto";
import pg from "pg";

export type LoadProject = { projectId: string; name: string; backers: number };

/**
 * Copies a project's pledge levels, backers and pledges into a new project of its own, so a load
 * test can upload tracking numbers without touching the data other tests rely on. Backer emails
 * get a `+load-…` tag: the copies are distinct people, and their mail cannot be mistaken for the
 * original backers'. `maxBackers` keeps the first backers by number only. One transaction.
 */
export async function copyProjectForLoad(databaseUrl: string, sourceProjectName: string, options: { maxBackers?: number } = {}): Promise<LoadProject> {
  const tag = randomUUID().slice(0, 8);
  const name = `Load test ${tag}`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    const source = await client.query<{ id: string }>(`SELECT id::text FROM project WHERE name = $1 LIMIT 1`, [sourceProjectName]);
    if (!source.rows[0]) throw new Error(`No project named "${sourceProjectName}" to copy.`);
    const from = source.rows[0].id;
    const created = await client.query<{ id: string }>(
      `INSERT INTO project (name, platform, currency, launched_at, ended_at, daily_email_allowance)
       SELECT $2, platform, currency, launched_at, ended_at, daily_email_allowance FROM project WHERE id = $1 RETURNING id::text`,
      [from, name],
    );
    const to = created.rows[0].id;
    await client.query(
      `INSERT INTO pledge_level (project_id, name, external_id, price, kind, collects_shipping_address, weight_based_shipping, position)
       SELECT $2, name, external_id, price, kind, collects_shipping_address, weight_based_shipping, position FROM pledge_level WHERE project_id = $1`,
      [from, to],
    );
    const backers = await client.query(
      `INSERT INTO backer (project_id, email, name, backer_number, platform_uid, country, shipping_name, shipping_address_1, shipping_address_2,
                           shipping_city, shipping_state, shipping_postal_code, shipping_country_name, shipping_phone)
       SELECT $2, replace(email, '@', '+load-' || $3 || '@'), name, backer_number, platform_uid, country, shipping_name, shipping_address_1,
              shipping_address_2, shipping_city, shipping_state, shipping_postal_code, shipping_country_name, shipping_phone
         FROM backer WHERE project_id = $1 ORDER BY backer_number NULLS LAST LIMIT $4`,
      [from, to, tag, options.maxBackers ?? null],
    );
    await client.query(
      `INSERT INTO pledge (project_id, backer_id, pledge_level_id, amount, shipping_amount, bonus_amount, pledged_at, status, status_changed_at)
       SELECT $2, nb.id, nl.id, p.amount, p.shipping_amount, p.bonus_amount, p.pledged_at, p.status, p.status_changed_at
         FROM pledge p
         JOIN backer ob ON ob.id = p.backer_id
         JOIN backer nb ON nb.project_id = $2 AND nb.email = replace(ob.email, '@', '+load-' || $3 || '@')
         LEFT JOIN pledge_level ol ON ol.id = p.pledge_level_id
         LEFT JOIN pledge_level nl ON nl.project_id = $2 AND nl.name = ol.name
        WHERE p.project_id = $1`,
      [from, to, tag],
    );
    await client.query("COMMIT");
    return { projectId: to, name, backers: backers.rowCount ?? 0 };
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    await client.end();
  }
}
