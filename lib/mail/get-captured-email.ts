import "server-only";
import { prisma } from "@/lib/db/client";
import type { EmailMessage } from "@/lib/db/generated/client";
import { loadEmailContent } from "./load-email-content";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One outbox message for the dev mailbox, with `html` and `text` as the recipient gets them (a
 * bulk-queued message's template filled in); null when there is none.
 */
export async function getCapturedEmail(id: string): Promise<EmailMessage | null> {
  // A malformed id in the URL is simply "not found", not a Postgres cast error.
  if (!UUID.test(id)) return null;
  const message = await prisma.emailMessage.findUnique({ where: { id } });
  if (!message) return null;
  if (message.contentPurgedAt) {
    const note =
      "[Pledgehouse: this message's content was removed after the retention period (MAIL_RETENTION_DAYS); the log keeps who got which email and when.]";
    return { ...message, html: `<p>${note}</p>`, text: note };
  }
  const [content] = await loadEmailContent([message]);
  if (!content.ok) {
    const note = `[Pledgehouse: ${content.reason}]`;
    return { ...message, html: `<p>${note.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`, text: note };
  }
  return { ...message, html: content.html, text: content.text };
}
