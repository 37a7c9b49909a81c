import "server-only";
import { prisma } from "@/lib/db/client";
import { materializeEmail, type EmailTemplateContent } from "./materialize-email";

export type StoredEmailContent = {
  templateId: string | null;
  templateValues: unknown;
  html: string;
  text: string;
};

export type LoadedEmailContent = ({ ok: true } & EmailTemplateContent) | { ok: false; reason: string };

// Templates never change once stored, so a process may keep them; a few hundred shapes at most
// are in use at a time.
const MAX_CACHED_TEMPLATES = 200;
const templateCache = new Map<string, EmailTemplateContent>();

/**
 * The HTML and text of outbox messages as the recipient gets them: a singly queued message's own,
 * or a bulk-queued message's template filled in with its values. A message whose template is
 * missing or whose values do not fit it comes back with the reason instead.
 */
export async function loadEmailContent(messages: readonly StoredEmailContent[]): Promise<LoadedEmailContent[]> {
  const wanted = [
    ...new Set(
      messages.flatMap((message) =>
        message.templateId && !templateCache.has(message.templateId) ? [message.templateId] : [],
      ),
    ),
  ];
  if (wanted.length > 0) {
    const rows = await prisma.$queryRaw<{ id: string; html: string; text: string }[]>`
      SELECT id::text, html, text FROM email_template WHERE id = ANY(${wanted}::uuid[])`;
    for (const row of rows) {
      if (templateCache.size >= MAX_CACHED_TEMPLATES) templateCache.delete(templateCache.keys().next().value!);
      templateCache.set(row.id, { html: row.html, text: row.text });
    }
  }
  return messages.map((message) => {
    if (!message.templateId) return { ok: true, html: message.html, text: message.text };
    const template = templateCache.get(message.templateId);
    if (!template)
      return { ok: false, reason: `Email template ${message.templateId} is missing; the message cannot be built.` };
    if (!Array.isArray(message.templateValues)) {
      return { ok: false, reason: "The message's template values are not a list; the message cannot be built." };
    }
    try {
      return { ok: true, ...materializeEmail(template, message.templateValues) };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  });
}
