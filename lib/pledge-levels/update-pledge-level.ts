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

/**
 * Saves a pledge level's name, price, kind and shipping settings; saving confirms its kind (imports
 * only suggest one). Records who changed what, from what to what, in the activity.
 */
export async function updatePledgeLevel(tx: Tx, actorId: string, input: UpdatePledgeLevelInput): Promise<{ changed: number }> {
  const level = await tx.pledgeLevel.findFirst({
    where: { id: input.levelId, projectId: input.projectId },
    select: { name: true, price: true, kind: true, kindConfirmed: true, collectsShippingAddress: true, weightBasedShipping: true, project: { select: { currency: true } } },
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
  if (changes.length === 0) return { changed: 0 };
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
