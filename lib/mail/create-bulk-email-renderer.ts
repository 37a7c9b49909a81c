import { render } from "@react-email/components";
import type { EmailKindDefinition } from "./email-kinds";
import {
  createEmailElement,
  htmlToEmailText,
  normalizeEmailProps,
  renderEmailWith,
  type RenderedEmail,
} from "./render-email";

type Piece = string | { prop: string };

type CompiledShape =
  | { verbatim: true; html: Piece[]; text: Piece[]; hrefStartProps: ReadonlySet<string> }
  | { verbatim: false; reason: string };

export type BulkEmailRenderer<Props> = {
  /** Same result as `renderEmail(kind, props)`, in microseconds once the row's shape is known. */
  render(props: Props): Promise<RenderedEmail>;
  /** Shapes seen so far and whether each could be templated (false: every row of it renders fully). */
  shapes(): { key: string; verbatim: boolean; reason?: string }[];
};

// Private-use code points: React does not escape them and html-to-text leaves them alone, and no
// template contains them, so they mark exactly where each prop landed in the output.
const SENTINEL = /\uE000(\d+)\uE001/g;
const sentinel = (index: number) => `\uE000${index}\uE001`;

// What React does to text and attribute values alike (escapeTextForBrowser).
const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);

// A value that starts an href is rewritten by React when it is a javascript: URL, and html-to-text
// drops a leading "mailto:" in the text version; such rows get a real render instead of a template.
const JAVASCRIPT_URL =
  /^[\u0000-\u001F ]*j[\r\n\t]*a[\r\n\t]*v[\r\n\t]*a[\r\n\t]*s[\r\n\t]*c[\r\n\t]*r[\r\n\t]*i[\r\n\t]*p[\r\n\t]*t[\r\n\t]*:/i;
const needsRealRender = (value: string) => JAVASCRIPT_URL.test(value) || value.startsWith("mailto:");

/**
 * Which rows can share a template: a string prop that is empty or missing may remove markup (and
 * React's text separators), and any non-string prop may change anything, so those are part of the key.
 */
function shapeKey(props: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const name of Object.keys(props).sort()) {
    const value = props[name];
    if (value === undefined) parts.push(`${name}:u`);
    else if (typeof value === "string") parts.push(value === "" ? `${name}:e` : `${name}:s`);
    else parts.push(`${name}=${JSON.stringify(value)}`);
  }
  return parts.join("|");
}

function split(output: string, names: string[]): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of output.matchAll(SENTINEL)) {
    pieces.push(output.slice(last, match.index));
    pieces.push({ prop: names[Number(match[1])] });
    last = match.index + match[0].length;
  }
  pieces.push(output.slice(last));
  return pieces;
}

function fill(pieces: Piece[], props: Record<string, unknown>, escape: (value: string) => string): string {
  let out = "";
  for (const piece of pieces) out += typeof piece === "string" ? piece : escape(props[piece.prop] as string);
  return out;
}

/**
 * Renders many emails of one kind fast enough for 250,000 recipients: the component renders once
 * per shape with placeholders for its string props, and each row's values are substituted
 * (HTML-escaped exactly as React would in the HTML, raw in the text). Each shape is checked against
 * a real render of its first row; a template that transforms a prop falls back to real renders.
 */
export function createBulkEmailRenderer<Props>(
  definition: EmailKindDefinition<Props>,
  kind = "email",
): BulkEmailRenderer<Props> {
  const compiled = new Map<string, Promise<CompiledShape>>();
  const settled = new Map<string, CompiledShape>();

  async function compile(sample: Record<string, unknown>): Promise<CompiledShape> {
    const names: string[] = [];
    const withSentinels: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(sample)) {
      if (typeof value === "string" && value !== "") {
        withSentinels[name] = sentinel(names.length);
        names.push(name);
      } else {
        withSentinels[name] = value;
      }
    }
    const templateHtml = await render(createEmailElement(definition, withSentinels as Props));
    const shape = {
      verbatim: true as const,
      html: split(templateHtml, names),
      text: split(htmlToEmailText(templateHtml), names),
      hrefStartProps: new Set(
        [...templateHtml.matchAll(/href="\uE000(\d+)\uE001/g)].map((match) => names[Number(match[1])]),
      ),
    };
    const leftover = [...shape.html, ...shape.text].find(
      (piece) => typeof piece === "string" && /[\uE000\uE001]/.test(piece),
    );
    if (leftover !== undefined) return { verbatim: false, reason: "a prop is transformed before it is printed" };
    // Rows with a hazardous href value always get a real render, so check the template on safe values.
    const check = { ...sample };
    for (const name of shape.hrefStartProps)
      if (needsRealRender(check[name] as string)) check[name] = "https://example.com/";
    const expected = await renderEmailWith(definition, check as Props);
    if (fill(shape.html, check, escapeHtml) !== expected.html || fill(shape.text, check, String) !== expected.text) {
      return { verbatim: false, reason: "templated output differs from a real render of the first row" };
    }
    return shape;
  }

  return {
    async render(props) {
      const normalized = normalizeEmailProps(props) as Record<string, unknown>;
      const key = shapeKey(normalized);
      let shape = compiled.get(key);
      if (!shape) {
        shape = compile(normalized).then((result) => {
          settled.set(key, result);
          if (!result.verbatim) {
            console.warn(`Email kind "${kind}" renders every row of shape ${key} in full (slow): ${result.reason}.`);
          }
          return result;
        });
        compiled.set(key, shape);
      }
      const ready = await shape;
      if (!ready.verbatim || [...ready.hrefStartProps].some((name) => needsRealRender(normalized[name] as string))) {
        return renderEmailWith(definition, props);
      }
      return {
        subject: definition.subject(normalized as Props),
        html: fill(ready.html, normalized, escapeHtml),
        text: fill(ready.text, normalized, String),
      };
    },
    shapes() {
      return [...settled].map(([key, shape]) =>
        shape.verbatim ? { key, verbatim: true } : { key, verbatim: false, reason: shape.reason },
      );
    },
  };
}
