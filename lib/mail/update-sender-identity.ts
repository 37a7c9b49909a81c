import "server-only";
import { z } from "zod";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";
import type { FieldChange } from "@/lib/activity/audit-event-kinds";
import type { Tx } from "@/lib/db/client";

// No quotes, angle brackets or line breaks: the name goes into a From header next to our address,
// and must not be able to look like (or inject) another address.
const SAFE_NAME = /^[^<>"\\\r\n\u0000-\u001f\u007f]*$/;

export const SenderIdentitySchema = z.object({
  senderName: z
    .string()
    .trim()
    .max(78, "Keep the sender name under 78 characters; mail clients cut longer ones.")
    .regex(SAFE_NAME, "Leave out quotes, angle brackets and backslashes: mail clients would show them as an address.")
    .transform((value) => value || null),
  replyTo: z
    .union([z.literal(""), z.email("Enter an email address like support@example.com, or leave it empty.").max(320)])
    .transform((value) => (value ? value.trim().toLowerCase() : null)),
});
export type SenderIdentityInput = z.input<typeof SenderIdentitySchema>;

/**
 * Saves the display name and Reply-To every backer email of the project uses from now on, and
 * records what changed in Activity (a changed Reply-To is where backers' replies now go).
 */
export async function updateSenderIdentity(
  tx: Tx,
  input: { projectId: string; actorId: string | null; senderName: string | null; replyTo: string | null },
): Promise<{ senderName: string | null; replyTo: string | null }> {
  const before = await tx.project.findUniqueOrThrow({
    where: { id: input.projectId },
    select: { mailSenderName: true, mailReplyTo: true },
  });
  const changes: FieldChange[] = [];
  if (before.mailSenderName !== input.senderName)
    changes.push({ field: "mailSenderName", from: before.mailSenderName, to: input.senderName });
  if (before.mailReplyTo !== input.replyTo)
    changes.push({ field: "mailReplyTo", from: before.mailReplyTo, to: input.replyTo });
  if (changes.length > 0) {
    await tx.project.update({
      where: { id: input.projectId },
      data: { mailSenderName: input.senderName, mailReplyTo: input.replyTo },
    });
    await recordAuditEvent(tx, {
      projectId: input.projectId,
      actorId: input.actorId,
      action: "mail.sender",
      details: { changes },
    });
  }
  return { senderName: input.senderName, replyTo: input.replyTo };
}
