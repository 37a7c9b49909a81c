// Private-use code points: React does not escape them, html-to-text leaves them alone and no
// template contains them, so in a stored template they mark exactly where each value goes.
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** The marker for the `index`-th placeholder in a template's html and text. */
export const placeholder = (index: number) => `\uE000${index}\uE001`;

/** True when `output` still holds placeholder markers (or stray halves of one). */
export const containsPlaceholderMarks = (output: string) => /[\uE000\uE001]/.test(output);

// What React does to text and attribute values alike (escapeTextForBrowser).
const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);

export type EmailTemplateContent = { html: string; text: string };

/**
 * A recipient's message from a shared template: each placeholder replaced by the recipient's
 * value, HTML-escaped exactly as React would have in the HTML and verbatim in the text. Values are
 * inserted in one pass, so a value that happens to contain marker characters stays as it is.
 */
export function materializeEmail(template: EmailTemplateContent, values: readonly unknown[]): EmailTemplateContent {
  const valueAt = (index: string) => {
    const value = values[Number(index)];
    if (typeof value !== "string") {
      throw new Error(`The template's placeholder ${index} has no value (got ${values.length} values).`);
    }
    return value;
  };
  return {
    html: template.html.replace(PLACEHOLDER, (_marker, index: string) => escapeHtml(valueAt(index))),
    text: template.text.replace(PLACEHOLDER, (_marker, index: string) => valueAt(index)),
  };
}
