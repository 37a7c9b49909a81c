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
    `INSERT INTO project (name, platform, currency, launched_at, ended_at)
     VALUES ($1, $2::"Platform", $3, $4::timestamptz, $5::timestamptz) RETURNING id::text`,
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
    `INSERT INTO pledge_level (project_id, name, external_id, price, kind, collects_shipping_address, weight_based_shipping, position)
     SELECT $1::uuid, u.name, u.external_id, u.price, u.kind::"PledgeLevelKind", u.collects, u.weight_based, u.position
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
  const column = <T>(rows: readonly T[], pick: (row: T) => unknown) => rows.map(pick);
  // Cart lines are in backer order, so each backer chunk owns one contiguous run of lines.
  let line = 0;
  for (let start = 0; start < data.backers.length; start += chunkSize) {
    const end = Math.min(start + chunkSize, data.backers.length);
    const backers = data.backers.slice(start, end);
    const pledges = data.pledges.slice(start, end);
    const backerIds = backers.map(() => randomUUID());
    const pledgeIds = backers.map(() => randomUUID());
    const pledgeIdByNumber = new Map<number, string>();
    backers.forEach((backer, index) => {
      if (pledges[index].backerNumber !== backer.backerNumber) {
        throw new Error(`Pledge ${start + index + 1} belongs to backer number ${pledges[index].backerNumber}, expected ${backer.backerNumber}; pledges must follow backer order.`);
      }
      pledgeIdByNumber.set(backer.backerNumber, pledgeIds[index]);
    });
    const lineStart = line;
    while (line < data.cartLines.length && pledgeIdByNumber.has(data.cartLines[line].backerNumber)) line++;
    const lines = data.cartLines.slice(lineStart, line);

    await tx.$executeRawUnsafe(
      `INSERT INTO backer (id, project_id, backer_number, platform_uid, email, name, country, shipping_name,
         shipping_address_1, shipping_address_2, shipping_city, shipping_state, shipping_postal_code,
         shipping_country_name, shipping_phone, shipping_delivery_notes, notes)
       SELECT u.id, $1::uuid, u.backer_number, u.platform_uid, u.email, u.name, u.country, u.shipping_name,
         u.a1, u.a2, u.city, u.state, u.postal, u.country_name, u.phone, u.delivery_notes, u.notes
       FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[])
         AS u(id, backer_number, platform_uid, email, name, country, shipping_name, a1, a2, city, state, postal,
              country_name, phone, delivery_notes, notes)`,
      projectId,
      backerIds,
      column(backers, (b) => b.backerNumber),
      column(backers, (b) => b.platformUid),
      column(backers, (b) => b.email),
      column(backers, (b) => b.name),
      column(backers, (b) => b.country),
      column(backers, (b) => b.shippingName),
      column(backers, (b) => b.shippingAddress1),
      column(backers, (b) => b.shippingAddress2),
      column(backers, (b) => b.shippingCity),
      column(backers, (b) => b.shippingState),
      column(backers, (b) => b.shippingPostalCode),
      column(backers, (b) => b.shippingCountryName),
      column(backers, (b) => b.shippingPhone),
      column(backers, (b) => b.shippingDeliveryNotes),
      column(backers, (b) => b.notes),
    );
    await tx.$executeRawUnsafe(
      `INSERT INTO pledge (id, project_id, backer_id, pledge_level_id, amount, shipping_amount, bonus_amount,
         pledged_at, status, status_changed_at)
       SELECT u.id, $1::uuid, u.backer_id, u.level_id, u.amount, u.shipping, u.bonus, u.pledged_at,
         u.status::"PledgeStatus", u.changed_at
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::int[], $7::int[], $8::timestamptz[], $9::text[], $10::timestamptz[])
         AS u(id, backer_id, level_id, amount, shipping, bonus, pledged_at, status, changed_at)`,
      projectId,
      pledgeIds,
      backerIds,
      column(pledges, (p) => (p.pledgeLevelName === null ? null : requireId(levelIds, p.pledgeLevelName, `pledge level "${p.pledgeLevelName}"`))),
      column(pledges, (p) => p.amount),
      column(pledges, (p) => p.shippingAmount),
      column(pledges, (p) => p.bonusAmount),
      column(pledges, (p) => p.pledgedAt.toISOString()),
      column(pledges, (p) => p.status),
      column(pledges, (p) => p.statusChangedAt.toISOString()),
    );
    if (lines.length > 0) {
      await tx.$executeRawUnsafe(
        `INSERT INTO cart_line (pledge_id, item_id, item_option_id, quantity, unit_price, source)
         SELECT u.pledge_id, u.item_id, u.option_id, u.quantity, u.unit_price, u.source::"CartLineSource"
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::int[], $6::text[])
           AS u(pledge_id, item_id, option_id, quantity, unit_price, source)`,
        column(lines, (l) => pledgeIdByNumber.get(l.backerNumber)!),
        column(lines, (l) => requireId(itemIds, l.itemName, `cart item "${l.itemName}"`)),
        column(lines, (l) => {
          if (l.optionName === null) return null;
          const itemId = itemIds.get(l.itemName)!;
          return requireId(optionIds, `${itemId}\u0000${l.optionName}`, `option "${l.optionName}" of item "${l.itemName}"`);
        }),
        column(lines, (l) => l.quantity),
        column(lines, (l) => l.unitPrice),
        column(lines, (l) => l.source),
      );
    }
  }
  if (line !== data.cartLines.length) {
    throw new Error(
      `Cart line ${line + 1} (backer number ${data.cartLines[line].backerNumber}) belongs to no backer of the campaign, or the cart lines are not in backer order; nothing was written.`,
    );
  }

  return { projectId };
}

function requireId(ids: Map<string, string>, key: string, what: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`Campaign data refers to ${what}, which it does not define.`);
  return id;
}
