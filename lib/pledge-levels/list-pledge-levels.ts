import "server-only";
import type { Tx } from "@/lib/db/client";
import type { PledgeLevelKindValue } from "@/lib/backers/import/suggest-pledge-level-kind";

export type PledgeLevelRow = {
  id: string;
  name: string;
  price: number;
  kind: PledgeLevelKindValue;
  kindConfirmed: boolean;
  collectsShippingAddress: boolean;
  weightBasedShipping: boolean;
  backers: number;
  /** What the level includes: item names and quantities. */
  contents: { itemId: string; name: string; quantity: number }[];
};

/** The project's pledge levels in their order, with backer counts and contents. */
export async function listPledgeLevels(db: Tx, projectId: string): Promise<PledgeLevelRow[]> {
  const levels = await db.pledgeLevel.findMany({
    where: { projectId },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      price: true,
      kind: true,
      kindConfirmed: true,
      collectsShippingAddress: true,
      weightBasedShipping: true,
      _count: { select: { pledges: true } },
      items: { select: { quantity: true, item: { select: { id: true, name: true } } }, orderBy: { item: { name: "asc" } } },
    },
  });
  return levels.map(({ _count, items, ...level }) => ({
    ...level,
    backers: _count.pledges,
    contents: items.map((entry) => ({ itemId: entry.item.id, name: entry.item.name, quantity: entry.quantity })),
  }));
}
