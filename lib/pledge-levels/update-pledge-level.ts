import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError, isUniqueViolation } from "@/lib/errors";
import type { UpdatePledgeLevelInput } from "./pledge-level-schema";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

/** Minor units per unit of `currency` (100 for USD, 1 for JPY). */
function minorUnits(currency: string): number {
  const digits = new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return 10 ** digits;
}

/** "1 × Core game, 2 × Pin", or "nothing" for a level without items. */
function describeContents(contents: { name: string; quantity: number }[]): string {
  const sorted = [...contents].sort((a, b) => a.name.localeCompare(b.name));
  return sorted.length === 0 ? "nothing" : sorted.map((entry) => `${entry.quantity} × ${entry.name}`).join(", ");
}

/**
 * Saves a pledge level's name, price, kind, shipping settings and, when given, its contents (which
 * items and how many; exports and "has an item" conditions read them); saving confirms its kind
 * (imports only suggest one). Records who changed what, from what to what, in the activity.
 */
export async function updatePledgeLevel(tx: Tx, actorId: string, input: UpdatePledgeLevelInput): Promise<{ changed: number }> {
  const level = await tx.pledgeLevel.findFirst({
    where: { id: input.levelId, projectId: input.projectId },
    select: {
      name: true,
      price: true,
      kind: true,
      kindConfirmed: true,
      collectsShippingAddress: true,
      weightBasedShipping: true,
      project: { select: { currency: true } },
      items: { select: { itemId: true, quantity: true, item: { select: { name: true } } } },
    },
  });
  if (!level) throw new DomainError("NOT_FOUND", "This pledge level does not exist.");
  const price = Math.round(input.price * minorUnits(level.project.currency));
  const next = {
    name: input.name,
    price,
    kind: input.kind,
    kindConfirmed: true,
    collectsShippingAddress: input.collectsShippingAddress,
    weightBasedShipping: input.weightBasedShipping,
  };
  const changes: { field: string; from: string; to: string }[] = [];
  for (const field of Object.keys(next) as (keyof typeof next)[]) {
    if (level[field] !== next[field]) changes.push({ field, from: String(level[field]), to: String(next[field]) });
  }
  const contents = input.contents ? await planContents(tx, input.projectId, input.contents, level.items) : null;
  if (contents) changes.push(contents.change);
  if (changes.length === 0) return { changed: 0 };
  if (contents) {
    await tx.pledgeLevelItem.deleteMany({ where: { pledgeLevelId: input.levelId } });
    if (contents.rows.length > 0)
      await tx.pledgeLevelItem.createMany({ data: contents.rows.map((row) => ({ pledgeLevelId: input.levelId, ...row })) });
  }
  try {
    await tx.pledgeLevel.update({ where: { id: input.levelId }, data: next });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("CONFLICT", `Another pledge level is already called “${input.name}”.`, { name: ["Choose a name no other level has."] });
    }
    throw error;
  }
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId,
    action: "pledge-level.update",
    targetCount: 1,
    details: { levelId: input.levelId, levelName: input.name, currency: level.project.currency, changes },
  });
  return { changed: changes.length };
}

/**
 * The level's new contents: items of this project only (an id of another project's item is refused
 * as missing), 0 leaving an item out. Null when they equal the current ones.
 */
async function planContents(
  tx: Tx,
  projectId: string,
  wanted: { itemId: string; quantity: number }[],
  current: { itemId: string; quantity: number; item: { name: string } }[],
): Promise<{ rows: { itemId: string; quantity: number }[]; change: { field: string; from: string; to: string } } | null> {
  const quantities = new Map<string, number>();
  for (const entry of wanted) if (entry.quantity > 0) quantities.set(entry.itemId, entry.quantity);
  const items = await tx.item.findMany({ where: { projectId, id: { in: [...quantities.keys()] } }, select: { id: true, name: true } });
  if (items.length !== quantities.size) {
    throw new DomainError("NOT_FOUND", "One of the items is no longer in this project. Reload the page and try again.");
  }
  const rows = items.map((item) => ({ itemId: item.id, quantity: quantities.get(item.id)! }));
  const unchanged = rows.length === current.length && current.every((entry) => quantities.get(entry.itemId) === entry.quantity);
  if (unchanged) return null;
  const from = describeContents(current.map((entry) => ({ name: entry.item.name, quantity: entry.quantity })));
  const to = describeContents(items.map((item) => ({ name: item.name, quantity: quantities.get(item.id)! })));
  return { rows, change: { field: "contents", from, to } };
}
