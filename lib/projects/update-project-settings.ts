import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { describeCurrencyLock } from "./describe-currency-lock";
import type { ProjectSettingsInput } from "./project-settings-schema";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

/** One changed setting, as the Activity page shows it: "launch: … → …". */
export type SettingChange = { field: string; from: string | null; to: string | null };

const asText = (value: Date | string | number | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString() : String(value);

/**
 * Saves the Settings tab and records what changed (from → to) in the activity. The currency can
 * only change while the project holds no amounts: every pledge, price and credit is stored in minor
 * units of it, so changing it would silently change what they mean (CONFLICT, saying why). The
 * Early Bird segment reads the launch time when it is counted, so a new launch moves it at once.
 */
export async function updateProjectSettings(
  tx: Tx,
  actorId: string,
  input: Omit<ProjectSettingsInput, "projectId"> & { projectId: string },
): Promise<{ changes: SettingChange[] }> {
  const current = await tx.project.findUnique({
    where: { id: input.projectId },
    select: { name: true, platform: true, currency: true, timeZone: true, launchedAt: true, endedAt: true, earlyBirdHours: true },
  });
  if (!current) throw new DomainError("NOT_FOUND", "Project not found.");
  if (input.currency !== current.currency) {
    const locked = await describeCurrencyLock(tx, input.projectId, current.currency);
    if (locked) throw new DomainError("CONFLICT", locked, { currency: [`The project already holds amounts in ${current.currency}.`] });
  }
  const next = {
    name: input.name,
    platform: input.platform,
    currency: input.currency,
    timeZone: input.timeZone,
    launchedAt: input.launchedAt,
    endedAt: input.endedAt,
    earlyBirdHours: input.earlyBirdHours,
  };
  const changes: SettingChange[] = [];
  for (const field of Object.keys(next) as (keyof typeof next)[]) {
    const from = asText(current[field]);
    const to = asText(next[field]);
    if (from !== to) changes.push({ field, from, to });
  }
  if (changes.length === 0) return { changes };
  await tx.project.update({ where: { id: input.projectId }, data: next });
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId,
    action: "project.settings",
    targetCount: changes.length,
    details: { changes, timeZone: input.timeZone },
  });
  return { changes };
}
