import "server-only";
import { prisma } from "@/lib/db/client";
import type { EmailMessage } from "@/lib/db/generated/client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One outbox message with its rendered content, for the dev mailbox; null when there is none. */
export async function getCapturedEmail(id: string): Promise<EmailMessage | null> {
  // A malformed id in the URL is simply "not found", not a Postgres cast error.
  if (!UUID.test(id)) return null;
  return prisma.emailMessage.findUnique({ where: { id } });
}
