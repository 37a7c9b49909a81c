import "server-only";
import type { PledgeStatus } from "@/lib/db/generated/enums";
import { prisma } from "@/lib/db/client";
import { normalizeEmail } from "./normalize-email";
import type { PledgeViewer } from "./get-pledge-for-backer-or-throw";

export type BackerPledgeSummary = {
  id: string;
  amount: number;
  status: PledgeStatus;
  pledgedAt: Date;
  project: { id: string; name: string; currency: string; timeZone: string };
  /**
   * Who runs the project (its first owner): anyone can name a project like another creator's, so
   * two identical names are told apart by the account behind them.
   */
  creator: { name: string; email: string } | null;
  pledgeLevelName: string | null;
};

/**
 * The pledges made with the viewer's email, across all projects, newest first. Empty until the
 * email is verified: only a proven address may see pledges made with it.
 */
export async function listPledgesForBacker(viewer: PledgeViewer): Promise<BackerPledgeSummary[]> {
  if (!viewer.emailVerified) return [];
  const pledges = await prisma.pledge.findMany({
    where: { backer: { email: normalizeEmail(viewer.email) } },
    orderBy: { pledgedAt: "desc" },
    select: {
      id: true,
      amount: true,
      status: true,
      pledgedAt: true,
      project: {
        select: {
          id: true,
          name: true,
          currency: true,
          timeZone: true,
          memberships: { where: { role: "OWNER" }, orderBy: { createdAt: "asc" }, take: 1, select: { user: { select: { name: true, email: true } } } },
        },
      },
      pledgeLevel: { select: { name: true } },
    },
  });
  return pledges.map(({ pledgeLevel, project: { memberships, ...project }, ...pledge }) => ({
    ...pledge,
    project,
    creator: memberships[0]?.user ?? null,
    pledgeLevelName: pledgeLevel?.name ?? null,
  }));
}
