import "server-only";
import type { Tx } from "@/lib/db/client";
import type { PlannedPledgeLevel } from "./plan-backer-import";
import type { PledgeLevelKindValue } from "./suggest-pledge-level-kind";

/**
 * Gives the pledge levels an import created their kinds: the one the creator confirmed in the
 * preview (marked confirmed), else the file's suggestion (left unconfirmed, so the pages that rely
 * on kinds say so). Only physical levels collect a shipping address by default. One statement.
 */
export async function setImportedLevelKinds(
  tx: Tx,
  projectId: string,
  levels: readonly PlannedPledgeLevel[],
  confirmed: Record<string, PledgeLevelKindValue>,
): Promise<void> {
  if (levels.length === 0) return;
  const kindOf = (level: PlannedPledgeLevel) =>
    confirmed[level.key] ?? level.suggestion?.kind ?? (level.noReward ? "NO_REWARD" : "PHYSICAL");
  await tx.$executeRawUnsafe(
    `UPDATE pledge_level l
        SET kind = d.kind::"PledgeLevelKind", kind_confirmed = d.confirmed, collects_shipping_address = d.kind = 'PHYSICAL'
       FROM unnest($2::text[], $3::text[], $4::bool[]) AS d(name, kind, confirmed)
      WHERE l.project_id = $1::uuid AND l.name = d.name`,
    projectId,
    levels.map((level) => level.name),
    levels.map(kindOf),
    levels.map((level) => Object.hasOwn(confirmed, level.key)),
  );
}
