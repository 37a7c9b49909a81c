import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError, isUniqueViolation } from "@/lib/errors";
import type { SaveItemInput } from "./item-schema";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * Adds an item, or saves an existing one's name, SKU, physical or digital, weight and options: new
 * ones added, existing ones renamed or removed. An option that pledges (carts) or incentives use is
 * never removed: the creator is told how many use it and can rename it instead. Records the change,
 * from what to what, in the activity.
 */
export async function saveItem(tx: Tx, actorId: string, input: SaveItemInput): Promise<{ id: string; changed: number }> {
  const before = input.itemId
    ? await tx.item.findFirst({
        where: { id: input.itemId, projectId: input.projectId },
        select: {
          name: true,
          sku: true,
          physical: true,
          weightGrams: true,
          options: { select: { id: true, name: true, _count: { select: { cartLines: true, incentives: true } } }, orderBy: { position: "asc" } },
        },
      })
    : null;
  if (input.itemId && !before) throw new DomainError("NOT_FOUND", "This item does not exist.");
  const next = { name: input.name, sku: input.sku ?? null, physical: input.physical, weightGrams: input.weightGrams ?? null };
  const existing = before?.options ?? [];
  const byId = new Map(existing.map((option) => [option.id, option]));
  if ([...input.renames.map((rename) => rename.id), ...input.removeOptionId].some((optionId) => !byId.has(optionId))) {
    throw new DomainError("NOT_FOUND", "One of the options is no longer on this item. Reload the page and try again.");
  }
  const removed = new Set(input.removeOptionId);
  const inUse = existing.filter((option) => removed.has(option.id) && option._count.cartLines + option._count.incentives > 0);
  if (inUse.length > 0) {
    const [option] = inUse;
    const uses = [
      option._count.cartLines > 0 ? plural(option._count.cartLines, "pledge", "pledges") : null,
      option._count.incentives > 0 ? plural(option._count.incentives, "incentive", "incentives") : null,
    ].filter(Boolean);
    throw new DomainError(
      "CONFLICT",
      `“${option.name}” is used by ${uses.join(" and ")}, so it cannot be removed: those backers would lose their choice. Rename it instead, or untick Remove.`,
      { options: [`“${option.name}” is in use and stays.`] },
    );
  }
  const renames = input.renames.filter((rename) => !removed.has(rename.id) && byId.get(rename.id)!.name !== rename.name);
  const kept = existing.filter((option) => !removed.has(option.id)).map((option) => renames.find((r) => r.id === option.id)?.name ?? option.name);
  const known = new Set(kept.map((name) => name.toLowerCase()));
  if (known.size !== kept.length) {
    throw new DomainError("INVALID_INPUT", "Two options would have the same name. Give each option its own name.", {
      options: ["Give each option its own name."],
    });
  }
  const newOptions = [...new Set(input.options)].filter((option) => !known.has(option.toLowerCase()));
  const changes: { field: string; from: string | null; to: string | null }[] = [];
  for (const field of Object.keys(next) as (keyof typeof next)[]) {
    const from = before ? before[field] : null;
    if (before === null || from !== next[field]) {
      changes.push({ field, from: from === null ? null : String(from), to: next[field] === null ? null : String(next[field]) });
    }
  }
  for (const rename of renames) changes.push({ field: "optionRenamed", from: byId.get(rename.id)!.name, to: rename.name });
  for (const option of existing.filter((o) => removed.has(o.id))) changes.push({ field: "optionRemoved", from: option.name, to: "removed" });
  if (newOptions.length > 0) changes.push({ field: "options", from: null, to: newOptions.join(", ") });
  if (before && changes.length === 0) return { id: input.itemId!, changed: 0 };
  let id: string;
  try {
    if (removed.size > 0) await tx.itemOption.deleteMany({ where: { id: { in: [...removed] }, itemId: input.itemId } });
    // Through a temporary name first, so swapping two options' names never meets the unique name.
    for (const rename of renames) await tx.itemOption.update({ where: { id: rename.id }, data: { name: `(renaming) ${rename.id}` } });
    for (const rename of renames) await tx.itemOption.update({ where: { id: rename.id }, data: { name: rename.name } });
    const start = existing.length;
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
