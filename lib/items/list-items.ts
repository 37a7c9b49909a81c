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
      options: { select: { name: true }, orderBy: { position: "asc" } },
      _count: { select: { pledgeLevels: true } },
    },
  });
  return items.map(({ archivedAt, options, _count, ...item }) => ({
    ...item,
    archived: archivedAt !== null,
    options: options.map((option) => option.name),
    levels: _count.pledgeLevels,
  }));
}
