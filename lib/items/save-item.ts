import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError, isUniqueViolation } from "@/lib/errors";
import type { SaveItemInput } from "./item-schema";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

/**
 * Adds an item, or saves an existing one's name, SKU, physical or digital, weight and new options
 * (options already used by carts and incentives are never removed here). Records the change, from
 * what to what, in the activity.
 */
export async function saveItem(tx: Tx, actorId: string, input: SaveItemInput): Promise<{ id: string; changed: number }> {
  const before = input.itemId
    ? await tx.item.findFirst({
        where: { id: input.itemId, projectId: input.projectId },
        select: { name: true, sku: true, physical: true, weightGrams: true, options: { select: { name: true } } },
      })
    : null;
  if (input.itemId && !before) throw new DomainError("NOT_FOUND", "This item does not exist.");
  const next = { name: input.name, sku: input.sku ?? null, physical: input.physical, weightGrams: input.weightGrams ?? null };
  const known = new Set((before?.options ?? []).map((option) => option.name.toLowerCase()));
  const newOptions = [...new Set(input.options)].filter((option) => !known.has(option.toLowerCase()));
  const changes: { field: string; from: string | null; to: string | null }[] = [];
  for (const field of Object.keys(next) as (keyof typeof next)[]) {
    const from = before ? before[field] : null;
    if (before === null || from !== next[field]) {
      changes.push({ field, from: from === null ? null : String(from), to: next[field] === null ? null : String(next[field]) });
    }
  }
  if (newOptions.length > 0) changes.push({ field: "options", from: null, to: newOptions.join(", ") });
  if (before && changes.length === 0) return { id: input.itemId!, changed: 0 };
  let id: string;
  try {
    const start = before?.options.length ?? 0;
    const options = { create: newOptions.map((name, index) => ({ name, position: start + index })) };
    id = before
      ? (await tx.item.update({ where: { id: input.itemId }, data: { ...next, options }, select: { id: true } })).id
      : (await tx.item.create({ data: { ...next, projectId: input.projectId, options }, select: { id: true } })).id;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("CONFLICT", `Another item is already called “${input.name}”.`, { name: ["Choose a name no other item has."] });
    }
    throw error;
  }
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId,
    action: before ? "item.update" : "item.create",
    targetCount: 1,
    details: { itemId: id, itemName: input.name, changes },
  });
  return { id, changed: changes.length };
}
