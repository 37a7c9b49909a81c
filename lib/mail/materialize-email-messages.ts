import "server-only";
import { loadEmailContent, type StoredEmailContent } from "./load-email-content";

/**
 * Outbox rows with `html` and `text` as the recipient gets them. A bulk-queued row stores only
 * its template and values (its own html and text are empty), so read content through this:
 * `materializeEmailMessages(await prisma.emailMessage.findMany(…))`. Select at least templateId,
 * templateValues, html and text. Throws when a row's template is missing or does not fit.
 */
export async function materializeEmailMessages<Row extends StoredEmailContent>(rows: readonly Row[]): Promise<Row[]> {
  const contents = await loadEmailContent(rows);
  return rows.map((row, index) => {
    const content = contents[index];
    if (!content.ok) throw new Error(`Outbox message ${"id" in row ? String(row.id) : index}: ${content.reason}`);
    return { ...row, html: content.html, text: content.text };
  });
}
