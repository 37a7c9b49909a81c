import "server-only";
import { prisma } from "@/lib/db/client";
import type { EmailStatus } from "@/lib/db/generated/enums";

export type CapturedEmailSummary = {
  id: string;
  toEmail: string;
  subject: string;
  kind: string;
  status: EmailStatus;
  transport: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

/**
 * The newest outbox messages for the dev mailbox, whatever their status: a message still QUEUED
 * (worker not yet round) is worth seeing too. `to` narrows to one recipient (case-insensitive).
 */
export async function listCapturedEmails({ to, limit = 100 }: { to?: string; limit?: number } = {}): Promise<
  CapturedEmailSummary[]
> {
  const recipient = to?.trim().toLowerCase();
  return prisma.emailMessage.findMany({
    where: recipient ? { toEmail: recipient } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, limit), 500),
    select: {
      id: true,
      toEmail: true,
      subject: true,
      kind: true,
      status: true,
      transport: true,
      createdAt: true,
      sentAt: true,
    },
  });
}
