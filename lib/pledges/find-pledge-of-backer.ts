import "server-only";
import { cache } from "react";
import { prisma } from "@/lib/db/client";
import { isUuid } from "@/lib/projects/is-uuid";

/**
 * The id of the pledge of backer `backerId` in project `projectId`, or null (no such backer, or no
 * pledge). Cached per request: the backer's pledge layout and its page both ask.
 */
export const findPledgeOfBacker = cache(async (projectId: string, backerId: string): Promise<string | null> => {
  if (!isUuid(projectId) || !isUuid(backerId)) return null;
  const pledge = await prisma.pledge.findFirst({ where: { projectId, backerId }, select: { id: true } });
  return pledge?.id ?? null;
});
