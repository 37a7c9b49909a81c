import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import Papa from "papaparse";
import pg from "pg";
import { applyBackerImport, BACKER_IMPORT_TRANSACTION } from "@/lib/backers/import/import-backers";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { generateKickstarterCsv } from "@/tests/fixtures/kickstarter/generate-kickstarter-csv";
import { defineScenario } from "../bench-scenario";

type State = { file: string; rows: number };

const PROJECT_NAME = "Import benchmark";

let client: pg.Client | null = null;
async function connect(databaseUrl: string): Promise<pg.Client> {
  if (!client) {
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  }
  return client;
}

/** The empty project each iteration imports into (recreated by `reset`, so every import is a first import). */
async function importProjectId(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`SELECT id::text FROM project WHERE name = $1`, [PROJECT_NAME]);
  if (rows.length !== 1) throw new Error("import-kickstarter: the benchmark project is missing; reset did not run");
  return rows[0].id;
}

/** "$1,234.50 USD" → 123450. */
function minor(text: string): number {
  const digits = text.replace(/[^0-9.]/g, "");
  return Math.round(Number(digits) * 100);
}

/** "2023/05/02, 14:05" → ISO. */
function iso(text: string): string {
  const [date, time] = text.split(", ");
  return `${date.replace(/\//g, "-")}T${time}:00Z`;
}

const BASELINE_CHUNK = 50_000;

export default defineScenario<State>({
  name: "import-kickstarter",
  description: "import a current-generation Kickstarter CSV (one row per seeded backer) into an empty project: read, plan, write",
  lowerBound: "the checks and problem reports of the planner (duplicate emails, unknown statuses, bad amounts)",
  // One import of 250,000 rows takes tens of seconds: JIT warm-up is noise next to it.
  runs: 3,
  warmups: 0,
  async setup({ backers, workDir }) {
    const file = path.join(workDir, "kickstarter-backer-report.csv");
    // Backers type their addresses as they like; every fourth in capitals, as real exports have them.
    const csv = generateKickstarterCsv({ rows: backers }).replace(/backer(\d+)@example\.com/g, (email, n: string) =>
      Number(n) % 4 === 0 ? `Backer${n}@Example.COM` : email,
    );
    await writeFile(file, csv);
    return { file, rows: backers };
  },
  // A fresh, empty project per iteration: the import adds every row, as a creator's first import does.
  async reset({ databaseUrl }) {
    const db = await connect(databaseUrl);
    await db.query(`DELETE FROM project WHERE name = $1`, [PROJECT_NAME]);
    await db.query(`VACUUM backer, pledge, cart_line`);
    await db.query(`INSERT INTO project (name, currency) VALUES ($1, 'USD')`, [PROJECT_NAME]);
  },
  async run({ databaseUrl }, { file, rows }) {
    const db = await connect(databaseUrl);
    const projectId = await importProjectId(db);
    // A Buffer is a Uint8Array: no second 62 MB copy, as the route handler holds one copy too.
    const bytes = await readFile(file);
    const result = await runInTransaction(
      (tx) => applyBackerImport(tx, projectId, { files: [{ name: "backer-report.csv", bytes }] }, null),
      BACKER_IMPORT_TRANSACTION,
    );
    if (result.added !== rows) throw new Error(`import-kickstarter: added ${result.added} of ${rows} rows`);
  },
  // Parse the same file with a bare Papa.parse and insert the same rows (backers, pledges, cart
  // lines, five pledge levels, three items) with one INSERT … SELECT FROM unnest per table per
  // 50,000 rows, in one transaction on a bare pg connection.
  async baseline({ databaseUrl }, { file, rows }) {
    const db = await connect(databaseUrl);
    const projectId = await importProjectId(db);
    const text = await readFile(file, "utf8");
    const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true });
    const [header, ...data] = parsed.data;
    const at = (name: string) => header.indexOf(name);
    const col = {
      number: at("Backer Number"),
      uid: at("Backer UID"),
      name: at("Backer Name"),
      email: at("Email"),
      shipping: at("Shipping Amount"),
      rewardTitle: at("Reward Title"),
      minimum: at("Backing Minimum"),
      rewardId: at("Reward ID"),
      bonus: at("Bonus Support"),
      amount: at("Pledge Amount"),
      pledgedAt: at("Pledged At"),
      fulfilled: at("Fulfillment Status"),
      status: at("Pledged Status"),
      notes: at("Notes"),
      survey: at("Survey Response"),
      shippingName: at("Shipping Name"),
      address1: at("Shipping Address 1"),
      address2: at("Shipping Address 2"),
      city: at("Shipping City"),
      state: at("Shipping State"),
      postal: at("Shipping Postal Code"),
      countryName: at("Shipping Country Name"),
      country: at("Shipping Country Code"),
      phone: at("Shipping Phone Number"),
    };
    // Kickstarter's item columns: an add-on column carries its id, which the item keeps for re-imports.
    const itemColumns = [
      { header: "Board Game", name: "Board Game", externalId: null, isAddOn: false },
      { header: "[Addon: 4567] Playmat", name: "Playmat", externalId: "4567", isAddOn: true },
      { header: "[Addon: 4568] Card Sleeves", name: "Card Sleeves", externalId: "4568", isAddOn: true },
    ];
    const itemAt = itemColumns.map((item) => at(item.header));

    await db.query("BEGIN");
    try {
      const levels = new Map<string, { title: string; minimum: number }>();
      for (const row of data) if (!levels.has(row[col.rewardId])) levels.set(row[col.rewardId], { title: row[col.rewardTitle], minimum: minor(row[col.minimum]) });
      const levelRows = await db.query<{ id: string; external_id: string }>(
        `INSERT INTO pledge_level (project_id, name, external_id, price, kind, position)
         SELECT $1::uuid, d.name, d.external_id, d.price, 'PHYSICAL', d.ord::int
           FROM unnest($2::text[], $3::text[], $4::int[]) WITH ORDINALITY AS d(name, external_id, price, ord)
         RETURNING id::text, external_id`,
        [projectId, [...levels.values()].map((l) => l.title), [...levels.keys()], [...levels.values()].map((l) => l.minimum)],
      );
      const levelId = new Map(levelRows.rows.map((r) => [r.external_id, r.id]));
      const itemRows = await db.query<{ id: string }>(
        `INSERT INTO item (project_id, name, external_id, is_add_on)
         SELECT $1::uuid, n, e, a FROM unnest($2::text[], $3::text[], $4::bool[]) WITH ORDINALITY AS d(n, e, a, ord) ORDER BY ord RETURNING id::text`,
        [projectId, itemColumns.map((i) => i.name), itemColumns.map((i) => i.externalId), itemColumns.map((i) => i.isAddOn)],
      );
      const itemIds = itemRows.rows.map((r) => r.id);
      const email = (row: string[]) => row[col.email].trim().toLowerCase();

      for (let start = 0; start < data.length; start += BASELINE_CHUNK) {
        const chunk = data.slice(start, start + BASELINE_CHUNK);
        const column = (index: number, blankIsNull = true) => chunk.map((row) => (blankIsNull && row[index] === "" ? null : row[index]));
        const cartEmails: string[] = [];
        const cartItems: string[] = [];
        const cartQuantities: number[] = [];
        const cartSources: string[] = [];
        for (const row of chunk) {
          itemAt.forEach((index, n) => {
            const quantity = Number(row[index]);
            if (quantity > 0) {
              cartEmails.push(email(row));
              cartItems.push(itemIds[n]);
              cartQuantities.push(quantity);
              cartSources.push(itemColumns[n].isAddOn ? "ADD_ON" : "PLEDGE_LEVEL");
            }
          });
        }
        await db.query(
          `WITH d AS (
             SELECT * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                                  $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::uuid[], $18::int[],
                                  $19::int[], $20::int[], $21::timestamptz[], $22::text[], $23::bool[])
               AS d(email, name, backer_number, platform_uid, country, shipping_country_name, shipping_name, shipping_address_1,
                    shipping_address_2, shipping_city, shipping_state, shipping_postal_code, shipping_phone, notes, survey_response,
                    pledge_level_id, amount, shipping_amount, bonus_amount, pledged_at, status, rewards_sent)),
           inserted AS (
             INSERT INTO backer (project_id, email, name, backer_number, platform_uid, country, shipping_country_name, shipping_name,
                                 shipping_address_1, shipping_address_2, shipping_city, shipping_state, shipping_postal_code,
                                 shipping_phone, notes, survey_response)
             SELECT $1::uuid, email, name, backer_number, platform_uid, country, shipping_country_name, shipping_name, shipping_address_1,
                    shipping_address_2, shipping_city, shipping_state, shipping_postal_code, shipping_phone, notes, survey_response FROM d
             RETURNING id, email),
           pledges AS (
             INSERT INTO pledge (project_id, backer_id, pledge_level_id, amount, shipping_amount, bonus_amount, pledged_at, status, rewards_sent)
             SELECT $1::uuid, inserted.id, d.pledge_level_id, d.amount, d.shipping_amount, d.bonus_amount, d.pledged_at,
                    upper(d.status)::"PledgeStatus", d.rewards_sent
               FROM inserted JOIN d USING (email)
             RETURNING id, backer_id)
           INSERT INTO cart_line (pledge_id, item_id, quantity, source)
           SELECT pledges.id, c.item_id, c.quantity, c.source::"CartLineSource"
             FROM unnest($24::text[], $25::uuid[], $26::int[], $27::text[]) AS c(email, item_id, quantity, source)
             JOIN inserted USING (email) JOIN pledges ON pledges.backer_id = inserted.id`,
          [
            projectId,
            chunk.map(email),
            column(col.name, false),
            chunk.map((row) => Number(row[col.number])),
            column(col.uid),
            column(col.country),
            column(col.countryName),
            column(col.shippingName),
            column(col.address1),
            column(col.address2),
            column(col.city),
            column(col.state),
            column(col.postal),
            column(col.phone),
            column(col.notes),
            column(col.survey),
            chunk.map((row) => levelId.get(row[col.rewardId])),
            chunk.map((row) => minor(row[col.amount])),
            chunk.map((row) => minor(row[col.shipping])),
            chunk.map((row) => minor(row[col.bonus])),
            chunk.map((row) => iso(row[col.pledgedAt])),
            column(col.status),
            chunk.map((row) => row[col.fulfilled] === "Fulfilled"),
            cartEmails,
            cartItems,
            cartQuantities,
            cartSources,
          ],
        );
      }
      await db.query("COMMIT");
    } catch (error) {
      await db.query("ROLLBACK");
      throw error;
    }
    const { rows: count } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM backer WHERE project_id = $1`, [projectId]);
    if (count[0].n !== rows) throw new Error(`import-kickstarter baseline: inserted ${count[0].n} of ${rows} rows`);
  },
  // What a creator sees afterwards, row by row: every backer with their pledge, level and items.
  async outcome({ databaseUrl }) {
    const db = await connect(databaseUrl);
    const projectId = await importProjectId(db);
    const { rows } = await db.query<{ table: string; n: number; md5: string }>(
      `SELECT 'backer' AS table, count(*)::int AS n,
              md5(string_agg(concat_ws('|', b.email, b.name, b.backer_number, b.platform_uid, b.country, b.shipping_country_name, b.shipping_name,
                                       b.shipping_address_1, b.shipping_address_2, b.shipping_city, b.shipping_state, b.shipping_postal_code,
                                       b.shipping_phone, b.notes, b.survey_response), ',' ORDER BY b.backer_number)) AS md5
         FROM backer b WHERE b.project_id = $1
       UNION ALL
       SELECT 'pledge', count(*)::int,
              md5(string_agg(concat_ws('|', b.backer_number, pl.name, pl.price, p.amount, p.shipping_amount, p.bonus_amount, p.pledged_at, p.status, p.rewards_sent),
                             ',' ORDER BY b.backer_number))
         FROM pledge p JOIN backer b ON b.id = p.backer_id LEFT JOIN pledge_level pl ON pl.id = p.pledge_level_id WHERE p.project_id = $1
       UNION ALL
       SELECT 'cart_line', count(*)::int,
              md5(string_agg(concat_ws('|', b.backer_number, i.name, c.quantity, c.source), ',' ORDER BY b.backer_number, i.name))
         FROM cart_line c JOIN pledge p ON p.id = c.pledge_id JOIN backer b ON b.id = p.backer_id JOIN item i ON i.id = c.item_id
        WHERE p.project_id = $1
       UNION ALL
       SELECT 'pledge_level', count(*)::int, md5(string_agg(concat_ws('|', pl.name, pl.price), ',' ORDER BY pl.name)) FROM pledge_level pl WHERE pl.project_id = $1
       UNION ALL
       SELECT 'item', count(*)::int, md5(string_agg(concat_ws('|', i.name, i.external_id, i.is_add_on), ',' ORDER BY i.name)) FROM item i WHERE i.project_id = $1`,
      [projectId],
    );
    return rows;
  },
});
