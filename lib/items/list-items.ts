import "server-only";
import type { Tx } from "@/lib/db/client";

export type ItemRow = {
  id: string;
  name: string;
  sku: string | null;
  physical: boolean;
  isAddOn: boolean;
  weightGrams: number | null;
  archived: boolean;
  options: string[];
  /** The options with how many pledges (carts) and incentives use each: those cannot be removed. */
  optionDetails: { id: string; name: string; uses: number }[];
  /** Pledge levels that include it. */
  levels: number;
};

/** The project's items, active first, by name. */
export async function listItems(db: Tx, projectId: string): Promise<ItemRow[]> {
  const items = await db.item.findMany({
    where: { projectId },
    orderBy: [{ archivedAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      sku: true,
      physical: true,
      isAddOn: true,
      weightGrams: true,
      archivedAt: true,
      options: {
        select: { id: true, name: true, _count: { select: { cartLines: true, incentives: true } } },
        orderBy: { position: "asc" },
      },
      _count: { select: { pledgeLevels: true } },
    },
  });
  return items.map(({ archivedAt, options, _count, ...item }) => ({
    ...item,
    archived: archivedAt !== null,
    options: options.map((option) => option.name),
    optionDetails: options.map((option) => ({ id: option.id, name: option.name, uses: option._count.cartLines + option._count.incentives })),
    levels: _count.pledgeLevels,
  }));
}
