import "server-only";
import { prisma } from "@/lib/db/client";

/** Whether the user is a member of any project: backers who run none see no "Projects" area. */
export async function userHasProjects(userId: string): Promise<boolean> {
  return (await prisma.membership.findFirst({ where: { userId }, select: { userId: true } })) !== null;
}
