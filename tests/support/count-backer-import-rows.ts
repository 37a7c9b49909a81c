import { prisma } from "@/lib/db/client";

/**
 * What a backer import can write to a project, counted: tests compare it before and after to prove
 * a rejected or failed import changed nothing (and a good one changed exactly what it said).
 */
export async function countBackerImportRows(projectId: string) {
  const [backers, pledges, levels, items, cartLines, applied, audits] = await Promise.all([
    prisma.backer.count({ where: { projectId } }),
    prisma.pledge.count({ where: { projectId } }),
    prisma.pledgeLevel.count({ where: { projectId } }),
    prisma.item.count({ where: { projectId } }),
    prisma.cartLine.count({ where: { pledge: { projectId } } }),
    prisma.import.count({ where: { projectId, status: "APPLIED" } }),
    prisma.auditEvent.count({ where: { projectId } }),
  ]);
  return { backers, pledges, levels, items, cartLines, applied, audits };
}
