import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/db/generated/client";
import { generateCampaign } from "@/lib/demo/generate-campaign";
import { insertCampaign } from "@/lib/demo/insert-campaign";

export const BENCH_PROJECT_NAME = "Benchmark campaign";

/**
 * Fills an empty, migrated database with one campaign of `backers` backers, plus what the demo
 * generator leaves out but the backer report shows: tracking numbers (some superseded), digital
 * reward deliveries and credit. Deterministic: the same inputs give the same data.
 */
export async function seedBenchDatabase(url: string, backers: number, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  const data = generateCampaign({ seed: "pledgehouse-bench", backers, name: BENCH_PROJECT_NAME });
  log(`generated ${backers.toLocaleString("en-US")} backers in ${Math.round(performance.now() - started)} ms`);

  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) });
  try {
    const t = performance.now();
    await insertCampaign(prisma, data);
    log(`inserted the campaign in ${Math.round(performance.now() - t)} ms`);
  } finally {
    await prisma.$disconnect();
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const t = performance.now();
    await client.query("BEGIN");
    // Three in five backers have a current tracking number; one in twenty of those replaced an older one.
    await client.query(`
      INSERT INTO shipment (project_id, pledge_id, tracking_number, carrier, shipped_at, superseded_at)
      SELECT p.project_id, p.id, 'OLD' || lpad(b.backer_number::text, 9, '0'), 'USPS',
             p.pledged_at + interval '60 days', p.pledged_at + interval '61 days'
      FROM pledge p JOIN backer b ON b.id = p.backer_id
      WHERE b.backer_number % 5 < 3 AND b.backer_number % 20 = 0`);
    await client.query(`
      INSERT INTO shipment (project_id, pledge_id, tracking_number, carrier, shipped_at)
      SELECT p.project_id, p.id, '1Z' || lpad(b.backer_number::text, 16, '0'), 'UPS', p.pledged_at + interval '62 days'
      FROM pledge p JOIN backer b ON b.id = p.backer_id
      WHERE b.backer_number % 5 < 3`);
    await client.query(`
      INSERT INTO digital_reward (project_id, name, kind, shared_value)
      SELECT id, r.name, 'SHARED', r.value FROM project,
        (VALUES ('Digital soundtrack', 'https://example.com/ost'), ('Print-and-play files', 'https://example.com/pnp')) AS r(name, value)`);
    await client.query(`
      INSERT INTO digital_reward_delivery (digital_reward_id, pledge_id, value)
      SELECT d.id, p.id, d.shared_value
      FROM pledge p JOIN backer b ON b.id = p.backer_id JOIN digital_reward d ON d.project_id = p.project_id
      WHERE (d.name = 'Digital soundtrack' AND b.backer_number % 10 < 4) OR (d.name = 'Print-and-play files' AND b.backer_number % 10 < 2)`);
    await client.query(`
      INSERT INTO credit_entry (pledge_id, amount, reason)
      SELECT p.id, 500, 'Early bird thank-you' FROM pledge p JOIN backer b ON b.id = p.backer_id WHERE b.backer_number % 10 = 0`);
    await client.query("COMMIT");
    log(`added shipments, digital rewards and credit in ${Math.round(performance.now() - t)} ms`);
    const v = performance.now();
    // Fresh statistics and a full visibility map, as on a database that has been live for a while.
    await client.query("VACUUM (ANALYZE)");
    log(`vacuumed and analysed in ${Math.round(performance.now() - v)} ms`);
  } finally {
    await client.end();
  }
}
