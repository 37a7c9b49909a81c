import "server-only";
import { prisma } from "@/lib/db/client";
import type { SenderIdentity } from "./build-outgoing-envelope";

/** The sender settings of the projects a batch of messages belongs to, in one query. */
export async function loadSenderIdentities(
  projectIds: readonly (string | null)[],
): Promise<Map<string, SenderIdentity>> {
  const ids = [...new Set(projectIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await prisma.project.findMany({
    where: { id: { in: ids } },
    select: { id: true, mailSenderName: true, mailReplyTo: true },
  });
  return new Map(rows.map(({ id, ...identity }) => [id, identity]));
}
