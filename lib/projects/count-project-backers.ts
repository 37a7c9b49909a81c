import "server-only";
import { prisma } from "@/lib/db/client";

/** How many backers the project has. Callers must have checked membership. */
export async function countProjectBackers(projectId: string): Promise<number> {
  return prisma.backer.count({ where: { projectId } });
}
