import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";

/** Hours after launch the early-bird chart can show (30 days). */
export const PLEDGES_PER_HOUR_MAX_HOURS = 24 * 30;

export type PledgesPerHour = {
  launchedAt: Date | null;
  /** Pledges in each hour after launch, from hour 0 (index) to PLEDGES_PER_HOUR_MAX_HOURS - 1. */
  hours: number[];
  /** Pledges dated before the launch (an imprecise launch time); they count as early birds. */
  beforeLaunch: number;
  /** Pledges after the last hour shown. */
  later: number;
  total: number;
};

/**
 * Pledges per hour since the project's launch, for the early-bird chart (which window catches whom),
 * in one grouped query. Empty when the project has no launch time.
 */
export async function countPledgesPerHour(db: Tx, projectId: string): Promise<PledgesPerHour> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { launchedAt: true } });
  if (!project) throw new DomainError("NOT_FOUND", "Project not found");
  const hours = new Array<number>(PLEDGES_PER_HOUR_MAX_HOURS).fill(0);
  if (!project.launchedAt) return { launchedAt: null, hours, beforeLaunch: 0, later: 0, total: 0 };
  const rows = await db.$queryRaw<{ hour: number; n: number }[]>(Prisma.sql`
    SELECT floor(extract(epoch FROM (p.pledged_at - ${project.launchedAt}::timestamptz)) / 3600)::int AS hour, count(*)::int AS n
    FROM pledge p WHERE p.project_id = ${projectId}::uuid
    GROUP BY 1`);
  let beforeLaunch = 0;
  let later = 0;
  let total = 0;
  for (const row of rows) {
    total += row.n;
    if (row.hour < 0) beforeLaunch += row.n;
    else if (row.hour >= PLEDGES_PER_HOUR_MAX_HOURS) later += row.n;
    else hours[row.hour] += row.n;
  }
  return { launchedAt: project.launchedAt, hours, beforeLaunch, later, total };
}
