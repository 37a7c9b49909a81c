import "server-only";
import type { Tx } from "@/lib/db/client";
import type { ImportPledgeStatus } from "./backer-import-types";
import type { BackerImportContext, ExistingBacker } from "./plan-backer-import";

type BackerRow = {
  id: string;
  email: string;
  name: string;
  backer_number: number | null;
  platform_uid: string | null;
  country: string | null;
  shipping_country_name: string | null;
  shipping_name: string | null;
  shipping_address_1: string | null;
  shipping_address_2: string | null;
  shipping_city: string | null;
  shipping_state: string | null;
  shipping_postal_code: string | null;
  shipping_phone: string | null;
  shipping_delivery_notes: string | null;
  notes: string | null;
  survey_response: string | null;
  pledge_id: string | null;
  pledge_level_id: string | null;
  amount: number | null;
  shipping_amount: number | null;
  bonus_amount: number | null;
  pledged_at: Date | null;
  status: ImportPledgeStatus | null;
  rewards_sent: boolean | null;
  cart: string | null;
};

/**
 * What the import plan compares a file with: the project's currency, backers (with pledge and the
 * cart lines an import manages, as one row each: one query however many backers), pledge levels and
 * items. Throws when the project does not exist.
 */
export async function loadBackerImportContext(tx: Tx, projectId: string, now = new Date()): Promise<BackerImportContext> {
  const project = await tx.project.findUnique({ where: { id: projectId }, select: { currency: true, launchedAt: true, endedAt: true } });
  if (!project) throw new Error(`Project ${projectId} not found`);
  const [rows, pledgeLevels, items] = await Promise.all([
    tx.$queryRawUnsafe<BackerRow[]>(
      `SELECT b.id::text, b.email, b.name, b.backer_number, b.platform_uid, b.country, b.shipping_country_name,
              b.shipping_name, b.shipping_address_1, b.shipping_address_2, b.shipping_city, b.shipping_state,
              b.shipping_postal_code, b.shipping_phone, b.shipping_delivery_notes, b.notes, b.survey_response,
              p.id::text AS pledge_id, p.pledge_level_id::text, p.amount, p.shipping_amount, p.bonus_amount,
              p.pledged_at, p.status::text AS status, p.rewards_sent,
              (SELECT string_agg(c.item_id::text || ':' || c.quantity, ',')
                 FROM cart_line c
                WHERE c.pledge_id = p.id AND c.source IN ('PLEDGE_LEVEL', 'ADD_ON') AND c.incentive_grant_id IS NULL) AS cart
         FROM backer b LEFT JOIN pledge p ON p.backer_id = b.id
        WHERE b.project_id = $1::uuid`,
      projectId,
    ),
    tx.pledgeLevel.findMany({ where: { projectId }, select: { id: true, name: true, externalId: true } }),
    tx.item.findMany({ where: { projectId }, select: { id: true, name: true, externalId: true } }),
  ]);
  const backers: ExistingBacker[] = rows.map((row) => {
    const cart = new Map<string, number>();
    if (row.cart) {
      for (const entry of row.cart.split(",")) {
        const [itemId, quantity] = entry.split(":");
        cart.set(itemId, (cart.get(itemId) ?? 0) + Number(quantity));
      }
    }
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      backerNumber: row.backer_number,
      platformUid: row.platform_uid,
      country: row.country,
      shippingCountryName: row.shipping_country_name,
      shippingName: row.shipping_name,
      shippingAddress1: row.shipping_address_1,
      shippingAddress2: row.shipping_address_2,
      shippingCity: row.shipping_city,
      shippingState: row.shipping_state,
      shippingPostalCode: row.shipping_postal_code,
      shippingPhone: row.shipping_phone,
      shippingDeliveryNotes: row.shipping_delivery_notes,
      notes: row.notes,
      surveyResponse: row.survey_response,
      pledge:
        row.pledge_id === null
          ? null
          : {
              pledgeLevelId: row.pledge_level_id,
              amount: row.amount ?? 0,
              shippingAmount: row.shipping_amount ?? 0,
              bonusAmount: row.bonus_amount ?? 0,
              pledgedAt: row.pledged_at!,
              status: row.status!,
              rewardsSent: row.rewards_sent ?? false,
            },
      cart,
    };
  });
  return {
    currency: project.currency,
    backers,
    pledgeLevels,
    items,
    now,
    launchedAt: project.launchedAt,
    endedAt: project.endedAt,
  };
}
