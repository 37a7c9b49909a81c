import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";
import type { IncentiveChoice, IncentiveDefinition } from "./incentive-schemas";
import { sameIncentiveDefinition } from "./incentive-schemas";

/** The item an ITEM incentive gives, as the preview and warnings need it. */
export type IncentiveItem = {
  id: string;
  name: string;
  physical: boolean;
  weightGrams: number | null;
  optionName: string | null;
};

/** A choice made concrete: what is given, and the incentive it belongs to when it exists already. */
export type ResolvedIncentive = {
  /** Null for a new incentive (not written yet). */
  existingId: string | null;
  name: string;
  definition: IncentiveDefinition;
  item: IncentiveItem | null;
};

/**
 * Turns an incentive choice into what it gives. An existing incentive must be the project's and not
 * undone. A new one whose name matches an active incentive of the project is that incentive when it
 * gives the same thing (so typing it again cannot give it twice) and a CONFLICT when it does not.
 * The item and option must be the project's; an item with options needs one.
 */
export async function resolveIncentiveChoiceOrThrow(
  db: Tx,
  projectId: string,
  choice: IncentiveChoice,
): Promise<ResolvedIncentive> {
  if ("incentiveId" in choice) {
    const incentive = await db.incentive.findFirst({
      where: { id: choice.incentiveId, projectId },
      select: {
        id: true,
        name: true,
        kind: true,
        creditAmount: true,
        itemId: true,
        itemOptionId: true,
        quantity: true,
        undoneAt: true,
      },
    });
    if (!incentive) throw new DomainError("NOT_FOUND", "That incentive does not exist in this project");
    if (incentive.undoneAt) {
      throw new DomainError(
        "CONFLICT",
        `“${incentive.name}” was undone and cannot be given again; create a new incentive instead`,
      );
    }
    const definition: IncentiveDefinition =
      incentive.kind === "CREDIT"
        ? { kind: "CREDIT", creditAmount: incentive.creditAmount ?? 0 }
        : {
            kind: "ITEM",
            itemId: incentive.itemId ?? "",
            itemOptionId: incentive.itemOptionId,
            quantity: incentive.quantity,
          };
    return {
      existingId: incentive.id,
      name: incentive.name,
      definition,
      item: await loadItem(db, projectId, definition),
    };
  }

  const item = await loadItem(db, projectId, choice.definition);
  const sameName = await db.incentive.findMany({
    where: { projectId, name: choice.name, undoneAt: null },
    select: { id: true, kind: true, creditAmount: true, itemId: true, itemOptionId: true, quantity: true },
  });
  for (const other of sameName) {
    const otherDefinition: IncentiveDefinition =
      other.kind === "CREDIT"
        ? { kind: "CREDIT", creditAmount: other.creditAmount ?? 0 }
        : { kind: "ITEM", itemId: other.itemId ?? "", itemOptionId: other.itemOptionId, quantity: other.quantity };
    if (sameIncentiveDefinition(otherDefinition, choice.definition)) {
      return { existingId: other.id, name: choice.name, definition: choice.definition, item };
    }
    throw new DomainError(
      "CONFLICT",
      `An incentive named “${choice.name}” already gives something else; choose another name, or choose “${choice.name}” from the existing incentives to give it to more backers`,
      { name: ["An incentive with this name already gives something else"] },
    );
  }
  return { existingId: null, name: choice.name, definition: choice.definition, item };
}

async function loadItem(db: Tx, projectId: string, definition: IncentiveDefinition): Promise<IncentiveItem | null> {
  if (definition.kind !== "ITEM") return null;
  const rows = await db.$queryRaw<
    {
      id: string;
      name: string;
      physical: boolean;
      weight_grams: number | null;
      option_count: number;
      option_name: string | null;
    }[]
  >(Prisma.sql`
    SELECT i.id::text, i.name, i.physical, i.weight_grams,
           (SELECT count(*)::int FROM item_option o WHERE o.item_id = i.id) AS option_count,
           (SELECT o.name FROM item_option o WHERE o.item_id = i.id AND o.id = ${definition.itemOptionId}::uuid) AS option_name
    FROM item i WHERE i.project_id = ${projectId}::uuid AND i.id = ${definition.itemId}::uuid`);
  const item = rows[0];
  if (!item) {
    throw new DomainError("NOT_FOUND", "That item does not exist in this project; it may have been deleted", {
      itemId: ["Choose an item of this project"],
    });
  }
  if (definition.itemOptionId !== null && item.option_name === null) {
    throw new DomainError("INVALID_INPUT", `The chosen option is not an option of “${item.name}”`, {
      itemOptionId: [`Choose one of the options of “${item.name}”`],
    });
  }
  if (definition.itemOptionId === null && item.option_count > 0) {
    throw new DomainError(
      "INVALID_INPUT",
      `“${item.name}” comes in ${item.option_count} options (such as sizes or colours); choose the one to give`,
      { itemOptionId: ["Choose an option"] },
    );
  }
  return {
    id: item.id,
    name: item.name,
    physical: item.physical,
    weightGrams: item.weight_grams,
    optionName: item.option_name,
  };
}
