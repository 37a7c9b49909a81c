import "server-only";
import { prisma, type Tx } from "@/lib/db/client";
import type { PledgeLevelKind, PledgeStatus, Platform } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { isUuid } from "@/lib/projects/is-uuid";

type Db = Tx | typeof prisma;

/** Where an item on a pledge comes from. */
export type PledgeItemSource = "PLEDGE_LEVEL" | "ADD_ON" | "INCENTIVE";

/** One line of what the backer will receive. */
export type PledgeSummaryItem = {
  id: string;
  name: string;
  /** Size, colour, … when the item has options and one was chosen. */
  optionName: string | null;
  quantity: number;
  /** Per unit, minor units of the project currency; 0 for tier contents and free items. */
  unitPrice: number;
  source: PledgeItemSource;
  /** A free incentive item: the name of the incentive that gave it (e.g. "Early bird pin"). */
  incentiveName: string | null;
  physical: boolean;
};

export type PledgeCreditEntry = {
  id: string;
  amount: number;
  reason: string;
  createdAt: Date;
  /** The incentive that gave (or took back) this credit, when an incentive did. */
  incentiveName: string | null;
  /** When the incentive behind this entry was undone: the gift and its cancelling entry both say so. */
  undoneAt: Date | null;
};

/** A free item an incentive gave and the creator took back (undid): no longer the backer's. */
export type PledgeWithdrawnItem = {
  id: string;
  name: string;
  optionName: string | null;
  quantity: number;
  incentiveName: string;
  undoneAt: Date;
};

export type PledgeShippingAddress = {
  name: string | null;
  /** Street lines, then "city, state postal code", then the country; empty lines left out. */
  lines: string[];
  phone: string | null;
  deliveryNotes: string | null;
};

/** Everything the pledge summary and its Backing details tab show about one pledge. */
export type PledgeSummary = {
  id: string;
  project: { id: string; name: string; currency: string; platform: Platform; timeZone: string };
  pledgeLevel: { id: string; name: string; kind: PledgeLevelKind; price: number; collectsShippingAddress: boolean } | null;
  backer: { id: string; name: string; email: string; backerNumber: number | null };
  /** Total pledged, minor units, shipping and bonus included. */
  amount: number;
  shippingAmount: number;
  bonusAmount: number;
  pledgedAt: Date;
  status: PledgeStatus;
  statusChangedAt: Date;
  /** The tier's contents, add-ons and free incentive items, in that order. */
  items: PledgeSummaryItem[];
  /** Complimentary credit: the sum of the ledger (an undo is a negative entry). */
  creditBalance: number;
  creditEntries: PledgeCreditEntry[];
  /** Free items given and then taken back, so the Backing details tab can say what became of them. */
  withdrawnItems: PledgeWithdrawnItem[];
  shippingAddress: PledgeShippingAddress | null;
  /** What the Backing details tab has to show; all zero means its empty state. */
  backingDetails: {
    /** Tracking numbers the viewer may see (a backer does not see superseded ones). */
    shipments: number;
    digitalRewards: number;
    creditEntries: number;
    freeItems: number;
    withdrawnItems: number;
  };
};

const SOURCE_ORDER: Record<PledgeItemSource, number> = { PLEDGE_LEVEL: 0, ADD_ON: 1, INCENTIVE: 2 };

function countryName(code: string | null): string | null {
  if (!code) return null;
  try {
    return new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

function shippingAddressOf(b: {
  shippingName: string | null;
  shippingAddress1: string | null;
  shippingAddress2: string | null;
  shippingCity: string | null;
  shippingState: string | null;
  shippingPostalCode: string | null;
  shippingCountryName: string | null;
  country: string | null;
  shippingPhone: string | null;
  shippingDeliveryNotes: string | null;
}): PledgeShippingAddress | null {
  const clean = (value: string | null) => value?.trim() || null;
  const street = [clean(b.shippingAddress1), clean(b.shippingAddress2)].filter((line): line is string => line !== null);
  const region = [clean(b.shippingState), clean(b.shippingPostalCode)].filter(Boolean).join(" ");
  const locality = [clean(b.shippingCity), region || null].filter(Boolean).join(", ");
  // Only a street makes an address; a bare country (every import has one) is not somewhere to ship to.
  if (street.length === 0 && !locality) return null;
  const country = clean(b.shippingCountryName) ?? countryName(b.country);
  return {
    name: clean(b.shippingName),
    lines: [...street, ...(locality ? [locality] : []), ...(country ? [country] : [])],
    phone: clean(b.shippingPhone),
    deliveryNotes: clean(b.shippingDeliveryNotes),
  };
}

/**
 * The pledge summary of `pledgeId`: project, pledge level, amounts, items (tier contents, add-ons
 * with their options, free incentive items), complimentary credit, payment status, shipping
 * address, and how much the Backing details tab has to show. Free items of an undone incentive are
 * left out (undoing credit writes a negative entry, so the balance is simply the ledger's sum).
 * One query for the pledge; never one per item.
 *
 * The caller must already have checked that the viewer may see the pledge (loadPledgePage);
 * `viewer` only decides what counts as visible on the Backing details tab. Throws NOT_FOUND when
 * the pledge does not exist.
 */
export async function getPledgeSummaryOrThrow(
  pledgeId: string,
  viewer: "backer" | "member",
  db: Db = prisma,
): Promise<PledgeSummary> {
  const pledge = isUuid(pledgeId)
    ? await db.pledge.findUnique({
        where: { id: pledgeId },
        select: {
          id: true,
          amount: true,
          shippingAmount: true,
          bonusAmount: true,
          pledgedAt: true,
          status: true,
          statusChangedAt: true,
          project: { select: { id: true, name: true, currency: true, platform: true, timeZone: true } },
          pledgeLevel: {
            select: {
              id: true,
              name: true,
              kind: true,
              price: true,
              collectsShippingAddress: true,
              items: {
                select: { quantity: true, item: { select: { id: true, name: true, physical: true } } },
                orderBy: { item: { name: "asc" } },
              },
            },
          },
          backer: {
            select: {
              id: true,
              name: true,
              email: true,
              backerNumber: true,
              country: true,
              shippingName: true,
              shippingAddress1: true,
              shippingAddress2: true,
              shippingCity: true,
              shippingState: true,
              shippingPostalCode: true,
              shippingCountryName: true,
              shippingPhone: true,
              shippingDeliveryNotes: true,
            },
          },
          cartLines: {
            // An undone incentive's free items are no longer the backer's.
            where: { OR: [{ incentiveGrantId: null }, { incentiveGrant: { undoneAt: null } }] },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            select: {
              id: true,
              quantity: true,
              unitPrice: true,
              source: true,
              item: { select: { name: true, physical: true } },
              itemOption: { select: { name: true } },
              incentiveGrant: { select: { incentive: { select: { name: true } } } },
            },
          },
          creditEntries: {
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            select: {
              id: true,
              amount: true,
              reason: true,
              createdAt: true,
              incentiveGrant: { select: { undoneAt: true, incentive: { select: { name: true } } } },
            },
          },
          incentiveGrants: {
            where: { undoneAt: { not: null }, incentive: { kind: "ITEM" } },
            orderBy: [{ undoneAt: "asc" }, { id: "asc" }],
            select: {
              id: true,
              undoneAt: true,
              incentive: {
                select: { name: true, quantity: true, item: { select: { name: true } }, itemOption: { select: { name: true } } },
              },
            },
          },
          _count: {
            select: {
              shipments: viewer === "backer" ? { where: { supersededAt: null } } : true,
              digitalDeliveries: true,
            },
          },
        },
      })
    : null;
  if (!pledge) throw new DomainError("NOT_FOUND", "This pledge does not exist, or it is not yours.");

  const items: PledgeSummaryItem[] = pledge.cartLines.map((line) => ({
    id: line.id,
    name: line.item.name,
    optionName: line.itemOption?.name ?? null,
    quantity: line.quantity,
    unitPrice: line.source === "INCENTIVE" ? 0 : line.unitPrice,
    source: line.source,
    incentiveName: line.incentiveGrant?.incentive.name ?? null,
    physical: line.item.physical,
  }));
  // Pledges entered by hand (or imported without item columns) have no tier lines of their own:
  // the tier's defined contents are then what the backer gets.
  if (!items.some((item) => item.source === "PLEDGE_LEVEL") && pledge.pledgeLevel) {
    for (const content of pledge.pledgeLevel.items) {
      items.push({
        id: `${pledge.pledgeLevel.id}:${content.item.id}`,
        name: content.item.name,
        optionName: null,
        quantity: content.quantity,
        unitPrice: 0,
        source: "PLEDGE_LEVEL",
        incentiveName: null,
        physical: content.item.physical,
      });
    }
  }
  items.sort((a, b) => SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]);

  const creditBalance = pledge.creditEntries.reduce((sum, entry) => sum + entry.amount, 0);
  const creditEntries: PledgeCreditEntry[] = pledge.creditEntries.map(({ incentiveGrant, ...entry }) => ({
    ...entry,
    incentiveName: incentiveGrant?.incentive.name ?? null,
    undoneAt: incentiveGrant?.undoneAt ?? null,
  }));
  const withdrawnItems: PledgeWithdrawnItem[] = pledge.incentiveGrants.map((grant) => ({
    id: grant.id,
    name: grant.incentive.item?.name ?? "Item",
    optionName: grant.incentive.itemOption?.name ?? null,
    quantity: grant.incentive.quantity,
    incentiveName: grant.incentive.name,
    undoneAt: grant.undoneAt!,
  }));
  const level = pledge.pledgeLevel;
  return {
    id: pledge.id,
    project: pledge.project,
    pledgeLevel: level
      ? { id: level.id, name: level.name, kind: level.kind, price: level.price, collectsShippingAddress: level.collectsShippingAddress }
      : null,
    backer: {
      id: pledge.backer.id,
      name: pledge.backer.name,
      email: pledge.backer.email,
      backerNumber: pledge.backer.backerNumber,
    },
    amount: pledge.amount,
    shippingAmount: pledge.shippingAmount,
    bonusAmount: pledge.bonusAmount,
    pledgedAt: pledge.pledgedAt,
    status: pledge.status,
    statusChangedAt: pledge.statusChangedAt,
    items,
    creditBalance,
    creditEntries,
    withdrawnItems,
    shippingAddress: shippingAddressOf(pledge.backer),
    backingDetails: {
      shipments: pledge._count.shipments,
      digitalRewards: pledge._count.digitalDeliveries,
      creditEntries: pledge.creditEntries.length,
      freeItems: items.filter((item) => item.source === "INCENTIVE").length,
      withdrawnItems: withdrawnItems.length,
    },
  };
}
