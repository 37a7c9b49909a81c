import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import type { ArchiveItemInput } from "./item-schema";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

/**
 * Archives an item (it leaves the lists new incentives choose from; carts, incentives and levels
 * that include it keep it), or restores it.
 */
export async function archiveItem(tx: Tx, actorId: string, input: ArchiveItemInput): Promise<{ archived: boolean }> {
  const item = await tx.item.findFirst({ where: { id: input.itemId, projectId: input.projectId }, select: { name: true, archivedAt: true } });
  if (!item) throw new DomainError("NOT_FOUND", "This item does not exist.");
  if ((item.archivedAt !== null) === input.archived) return { archived: input.archived };
  await tx.item.update({ where: { id: input.itemId }, data: { archivedAt: input.archived ? new Date() : null } });
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId,
    action: input.archived ? "item.archive" : "item.restore",
    targetCount: 1,
    details: { itemId: input.itemId, itemName: item.name },
  });
  return { archived: input.archived };
}
