import "server-only";
import type { Tx } from "@/lib/db/client";

export type IncentiveFormOptions = {
  items: { id: string; name: string; sku: string | null; physical: boolean; options: { id: string; name: string }[] }[];
  /** Active incentives that can be given again (to more backers), by kind. */
  incentives: {
    id: string;
    name: string;
    kind: "CREDIT" | "ITEM";
    creditAmount: number | null;
    itemId: string | null;
    itemOptionId: string | null;
    quantity: number;
  }[];
};

/** What the Segment Actions forms offer: the project's items with options, and incentives to give again. */
export async function listIncentiveFormOptions(db: Tx, projectId: string): Promise<IncentiveFormOptions> {
  // Sequential: a transaction client runs one query at a time anyway.
  const items = await db.item.findMany({
    where: { projectId, archivedAt: null },
    orderBy: [{ isAddOn: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      sku: true,
      physical: true,
      options: { orderBy: { position: "asc" }, select: { id: true, name: true } },
    },
  });
  const incentives = await db.incentive.findMany({
    where: { projectId, undoneAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, kind: true, creditAmount: true, itemId: true, itemOptionId: true, quantity: true },
  });
  return { items, incentives };
}
