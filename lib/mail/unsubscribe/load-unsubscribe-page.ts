import "server-only";
import { prisma } from "@/lib/db/client";
import { isUuid } from "@/lib/projects/is-uuid";
import { readAnnouncementUnsubscribeToken } from "./announcement-unsubscribe-token";

export type UnsubscribePage =
  { found: false } | { found: true; projectName: string; projectTimeZone: string; email: string; unsubscribedAt: Date | null };

/** What the unsubscribe page shows for a token: whose address, which project, and whether it is done already. */
export async function loadUnsubscribePage(token: string): Promise<UnsubscribePage> {
  const named = readAnnouncementUnsubscribeToken(token);
  if (!named || !isUuid(named.projectId)) return { found: false };
  const project = await prisma.project.findUnique({ where: { id: named.projectId }, select: { name: true, timeZone: true } });
  if (!project) return { found: false };
  const existing = await prisma.announcementUnsubscribe.findUnique({
    where: { projectId_email: { projectId: named.projectId, email: named.email } },
    select: { unsubscribedAt: true },
  });
  return {
    found: true,
    projectName: project.name,
    projectTimeZone: project.timeZone,
    email: named.email,
    unsubscribedAt: existing?.unsubscribedAt ?? null,
  };
}
