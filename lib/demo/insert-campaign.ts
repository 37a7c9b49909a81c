import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { CampaignData } from "./generate-campaign";

export type InsertCampaignOptions = {
  /** Made OWNER of the new project. */
  ownerUserId?: string;
  /** Backers per statement; each statement also writes their pledges and cart lines. */
  chunkSize?: number;
};

const DEFAULT_CHUNK = 20_000;

/**
 * Writes a generated campaign (project, items and options, pledge levels and their contents,
 * backers, pledges, cart lines) in one transaction with set-based statements: one INSERT … SELECT
 * FROM unnest(…) per table and chunk, so 250,000 backers take seconds rather than minutes. Given a
 * PrismaClient it opens the transaction; given a transaction client it writes inside it.
 */
export async function insertCampaign(
  db: PrismaClient | Tx,
  data: CampaignData,
  options: InsertCampaignOptions = {},
): Promise<{ projectId: string }> {
  // A transaction client lacks $connect at runtime (it still has a $transaction, for savepoints).
  if ("$connect" in db) {
    // The default interactive-transaction timeout (5 s) is far too short for a 250k-backer campaign.
    return (db as PrismaClient).$transaction((tx) => writeCampaign(tx, data, options), { timeout: 15 * 60_000, maxWait: 60_000 });
  }
  return writeCampaign(db, data, options);
}

async function writeCampaign(tx: Tx, data: CampaignData, options: InsertCampaignOptions): Promise<{ projectId: string }> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const { project } = data;
  const [{ id: projectId }] = await tx.$queryRawUnsafe<{ id: string }[]>(
    // Demo and benchmark campaigns mail their whole backer list: no daily allowance, as if an
    // instance admin had lifted it.
    `INSERT INTO project (name, platform, currency, launched_at, ended_at, daily_email_allowance)
     VALUES ($1, $2::"Platform", $3, $4::timestamptz, $5::timestamptz, NULL) RETURNING id::text`,
    project.name,
    project.platform,
    project.currency,
    project.launchedAt.toISOString(),
    project.endedAt.toISOString(),
  );

  if (options.ownerUserId) {
    await tx.$executeRawUnsafe(
      `INSERT INTO membership (project_id, user_id, role) VALUES ($1::uuid, $2, 'OWNER')`,
      projectId,
      options.ownerUserId,
    );
  }

  const items = await tx.$queryRawUnsafe<{ id: string; name: string }[]>(
    `INSERT INTO item (project_id, name, sku, external_id, physical, is_add_on, weight_grams)
     SELECT $1::uuid, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bool[], $6::bool[], $7::int[])
     RETURNING id::text, name`,
    projectId,
    data.items.map((item) => item.name),
    data.items.map((item) => item.sku),
    data.items.map((item) => item.externalId),
    data.items.map((item) => item.physical),
    data.items.map((item) => item.isAddOn),
    data.items.map((item) => item.weightGrams),
  );
  const itemIds = new Map(items.map((row) => [row.name, row.id]));

  const optionRows = data.items.flatMap((item) =>
    item.options.map((name, position) => ({ itemId: itemIds.get(item.name)!, name, position })),
  );
  const options_ = await tx.$queryRawUnsafe<{ id: string; item_id: string; name: string }[]>(
    `INSERT INTO item_option (item_id, name, position)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[])
     RETURNING id::text, item_id::text, name`,
    optionRows.map((row) => row.itemId),
    optionRows.map((row) => row.name),
    optionRows.map((row) => row.position),
  );
  const optionIds = new Map(options_.map((row) => [`${row.item_id}\u0000${row.name}`, row.id]));

  const levels = await tx.$queryRawUnsafe<{ id: string; name: string }[]>(
    `INSERT INTO pledge_level (project_id, name, external_id, price, kind, collects_shipping_address, weight_based_shipping, position, kind_confirmed)
     SELECT $1::uuid, u.name, u.external_id, u.price, u.kind::"PledgeLevelKind", u.collects, u.weight_based, u.position, true
     FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::bool[], $7::bool[], $8::int[])
       AS u(name, external_id, price, kind, collects, weight_based, position)
     RETURNING id::text, name`,
    projectId,
    data.pledgeLevels.map((level) => level.name),
    data.pledgeLevels.map((level) => level.externalId),
    data.pledgeLevels.map((level) => level.price),
    data.pledgeLevels.map((level) => level.kind),
    data.pledgeLevels.map((level) => level.collectsShippingAddress),
    data.pledgeLevels.map((level) => level.weightBasedShipping),
    data.pledgeLevels.map((level) => level.position),
  );
  const levelIds = new Map(levels.map((row) => [row.name, row.id]));

  const contents = data.pledgeLevels.flatMap((level) =>
    level.contents.map((content) => ({
      levelId: levelIds.get(level.name)!,
      itemId: requireId(itemIds, content.itemName, `item "${content.itemName}" of pledge level "${level.name}"`),
      quantity: content.quantity,
    })),
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO pledge_level_item (pledge_level_id, item_id, quantity)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[])`,
    contents.map((row) => row.levelId),
    contents.map((row) => row.itemId),
    contents.map((row) => row.quantity),
  );

  if (data.pledges.length !== data.backers.length) {
    throw new Error(`Campaign data has ${data.backers.length} backers but ${data.pledges.length} pledges; expected one pledge per backer.`);
  }

  // Ids are made here rather than by Postgres so pledges and cart lines need no join back to the
  // rows just inserted: joining freshly inserted CTE rows (no statistics, no index) made the planner
  // pick nested loops, quadratic in the chunk size.
  // Cart lines are in backer order, so each backer chunk owns one contiguous run of lines.
  let line = 0;
  let inFlight: Promise<void> | null = null;
  for (let start = 0; start < data.backers.length; start += chunkSize) {
    const end = Math.min(start + chunkSize, data.backers.length);
    const backers = data.backers.slice(start, end);
    const pledges = data.pledges.slice(start, end);
    const backerIds = backers.map(() => randomUUID());
    const pledgeIds = backers.map(() => randomUUID());
    const pledgeIdByNumber = new Map<number, string>();
    backers.forEach((backer, index) => {
      if (pledges[index].backerNumber !== backer.backerNumber) {
        throw new Error(
          `Pledge ${start + index + 1} belongs to backer number ${pledges[index].backerNumber}, expected ${backer.backerNumber}; pledges must follow backer order.`,
        );
      }
      pledgeIdByNumber.set(backer.backerNumber, pledgeIds[index]);
    });
    const lineStart = line;
    while (line < data.cartLines.length && pledgeIdByNumber.has(data.cartLines[line].backerNumber)) line++;
    const lines = data.cartLines.slice(lineStart, line);

    const backerParams = [
      projectId,
      pgArray(backerIds),
      pgArray(backers.map((b) => b.backerNumber)),
      pgArray(backers.map((b) => b.platformUid)),
      pgArray(backers.map((b) => b.email)),
      pgArray(backers.map((b) => b.name)),
      pgArray(backers.map((b) => b.country)),
      pgArray(backers.map((b) => b.shippingName)),
      pgArray(backers.map((b) => b.shippingAddress1)),
      pgArray(backers.map((b) => b.shippingAddress2)),
      pgArray(backers.map((b) => b.shippingCity)),
      pgArray(backers.map((b) => b.shippingState)),
      pgArray(backers.map((b) => b.shippingPostalCode)),
      pgArray(backers.map((b) => b.shippingCountryName)),
      pgArray(backers.map((b) => b.shippingPhone)),
      pgArray(backers.map((b) => b.shippingDeliveryNotes)),
      pgArray(backers.map((b) => b.notes)),
    ];
    const pledgeParams = [
      projectId,
      pgArray(pledgeIds),
      pgArray(backerIds),
      pgArray(pledges.map((p) => (p.pledgeLevelName === null ? null : requireId(levelIds, p.pledgeLevelName, `pledge level "${p.pledgeLevelName}"`)))),
      pgArray(pledges.map((p) => p.amount)),
      pgArray(pledges.map((p) => p.shippingAmount)),
      pgArray(pledges.map((p) => p.bonusAmount)),
      pgArray(pledges.map((p) => p.pledgedAt.toISOString())),
      pgArray(pledges.map((p) => p.status)),
      pgArray(pledges.map((p) => p.statusChangedAt.toISOString())),
    ];
    const lineParams = [
      pgArray(lines.map((l) => pledgeIdByNumber.get(l.backerNumber)!)),
      pgArray(lines.map((l) => requireId(itemIds, l.itemName, `cart item "${l.itemName}"`))),
      pgArray(
        lines.map((l) => {
          if (l.optionName === null) return null;
          const itemId = itemIds.get(l.itemName)!;
          return requireId(optionIds, `${itemId}\u0000${l.optionName}`, `option "${l.optionName}" of item "${l.itemName}"`);
        }),
      ),
      pgArray(lines.map((l) => l.quantity)),
      pgArray(lines.map((l) => l.unitPrice)),
      pgArray(lines.map((l) => l.source)),
    ];

    const chunk = (async () => {
      await tx.$executeRawUnsafe(INSERT_BACKERS, ...backerParams);
      await tx.$executeRawUnsafe(INSERT_PLEDGES, ...pledgeParams);
      if (lines.length > 0) await tx.$executeRawUnsafe(INSERT_CART_LINES, ...lineParams);
    })();
    // Handled by the await below (or by the transaction's rollback when an earlier chunk failed).
    chunk.catch(() => {});
    // One chunk runs in Postgres while the next one is prepared here: the two cores work at once.
    if (inFlight) await inFlight;
    inFlight = chunk;
  }
  if (inFlight) await inFlight;
  if (line !== data.cartLines.length) {
    throw new Error(
      `Cart line ${line + 1} (backer number ${data.cartLines[line].backerNumber}) belongs to no backer of the campaign, or the cart lines are not in backer order; nothing was written.`,
    );
  }

  return { projectId };
}

// Arrays travel as one text literal per column ('{"a","b",NULL}') cast in SQL: that costs a
// fraction of what binding a JavaScript array as a parameter does in the Prisma client.
const INSERT_BACKERS = `
  INSERT INTO backer (id, project_id, backer_number, platform_uid, email, name, country, shipping_name,
    shipping_address_1, shipping_address_2, shipping_city, shipping_state, shipping_postal_code,
    shipping_country_name, shipping_phone, shipping_delivery_notes, notes)
  SELECT u.id, $1::uuid, u.backer_number, u.platform_uid, u.email, u.name, u.country, u.shipping_name,
    u.a1, u.a2, u.city, u.state, u.postal, u.country_name, u.phone, u.delivery_notes, u.notes
  FROM unnest($2::text::uuid[], $3::text::int[], $4::text::text[], $5::text::text[], $6::text::text[],
    $7::text::text[], $8::text::text[], $9::text::text[], $10::text::text[], $11::text::text[],
    $12::text::text[], $13::text::text[], $14::text::text[], $15::text::text[], $16::text::text[], $17::text::text[])
    AS u(id, backer_number, platform_uid, email, name, country, shipping_name, a1, a2, city, state, postal,
         country_name, phone, delivery_notes, notes)`;

const INSERT_PLEDGES = `
  INSERT INTO pledge (id, project_id, backer_id, pledge_level_id, amount, shipping_amount, bonus_amount,
    pledged_at, status, status_changed_at)
  SELECT u.id, $1::uuid, u.backer_id, u.level_id, u.amount, u.shipping, u.bonus, u.pledged_at,
    u.status::"PledgeStatus", u.changed_at
  FROM unnest($2::text::uuid[], $3::text::uuid[], $4::text::uuid[], $5::text::int[], $6::text::int[],
    $7::text::int[], $8::text::timestamptz[], $9::text::text[], $10::text::timestamptz[])
    AS u(id, backer_id, level_id, amount, shipping, bonus, pledged_at, status, changed_at)`;

const INSERT_CART_LINES = `
  INSERT INTO cart_line (pledge_id, item_id, item_option_id, quantity, unit_price, source)
  SELECT u.pledge_id, u.item_id, u.option_id, u.quantity, u.unit_price, u.source::"CartLineSource"
  FROM unnest($1::text::uuid[], $2::text::uuid[], $3::text::uuid[], $4::text::int[], $5::text::int[], $6::text::text[])
    AS u(pledge_id, item_id, option_id, quantity, unit_price, source)`;

/** A Postgres array literal: every element quoted (backslash and quote escaped), null as NULL. */
function pgArray(values: readonly (string | number | null)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) out += ",";
    if (value === null) out += "NULL";
    else if (typeof value === "number") out += String(value);
    else out += `"${value.replace(/[\\"]/g, "\\$&")}"`;
  }
  return out + "}";
}

function requireId(ids: Map<string, string>, key: string, what: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`Campaign data refers to ${what}, which it does not define.`);
  return id;
}
