import { createHash } from "node:crypto";
import { render } from "@react-email/components";
import type { EmailKindDefinition } from "./email-kinds";
import { containsPlaceholderMarks, materializeEmail, placeholder } from "./materialize-email";
import {
  createEmailElement,
  htmlToEmailText,
  normalizeEmailProps,
  renderEmailWith,
  type RenderedEmail,
} from "./render-email";

/** One rendered shape of a kind, with placeholders where its string props go (see materializeEmail). */
export type EmailTemplate = {
  kind: string;
  /** sha256 of kind, placeholders, html and text: the template's identity in email_template. */
  contentHash: string;
  /** Prop names; the n-th placeholder stands for the n-th. */
  placeholders: string[];
  html: string;
  text: string;
};

/**
 * A row ready for the outbox: the template and the row's values for its placeholders, or, when
 * the row could not share a template, its full rendering.
 */
export type PreparedEmail =
  | { subject: string; template: EmailTemplate; values: string[] }
  | { subject: string; template: null; html: string; text: string };

export type BulkEmailRenderer<Props> = {
  /**
   * The row as the outbox stores it: synchronous, in microseconds, once the row's shape is known
   * (the first row of each shape renders, so that one returns a promise).
   */
  prepare(props: Props): PreparedEmail | Promise<PreparedEmail>;
  /** Same result as `renderEmail(kind, props)`: `prepare` then `materializeEmail`, as the worker sends it. */
  render(props: Props): Promise<RenderedEmail>;
  /** Shapes seen so far and whether each could be templated (false: every row of it renders fully). */
  shapes(): { key: string; verbatim: boolean; reason?: string }[];
};

type CompiledShape =
  | { verbatim: true; template: EmailTemplate; hrefStartProps: ReadonlySet<string> }
  | { verbatim: false; reason: string };

// A value that starts an href is rewritten by React when it is a javascript: URL, and html-to-text
// drops a leading "mailto:" in the text version; such rows get a real render instead of a template.
const JAVASCRIPT_URL =
  /^[\u0000-\u001F ]*j[\r\n\t]*a[\r\n\t]*v[\r\n\t]*a[\r\n\t]*s[\r\n\t]*c[\r\n\t]*r[\r\n\t]*i[\r\n\t]*p[\r\n\t]*t[\r\n\t]*:/i;
const needsRealRender = (value: string) => JAVASCRIPT_URL.test(value) || value.startsWith("mailto:");

/**
 * Which rows can share a template: a string prop that is empty or missing may remove markup (and
 * React's text separators), and any non-string prop may change anything, so those are part of the key.
 * Props in another order make another key (not sorted: this runs for every row); the template is
 * the same, and stored once, since templates are stored by content.
 */
function shapeKey(props: Record<string, unknown>): string {
  let key = "";
  for (const name in props) {
    if (!Object.hasOwn(props, name)) continue;
    const value = props[name];
    if (value === undefined) key += `${name}:u|`;
    else if (typeof value === "string") key += value === "" ? `${name}:e|` : `${name}:s|`;
    else key += `${name}=${JSON.stringify(value)}|`;
  }
  return key;
}

// Fits 3^n below 2^53: a row's shape among its props' names is one number.
const MAX_CACHED_SHAPE_PROPS = 33;

/**
 * shapeKey without building a string per row: while rows have the same prop names in the same
 * order and only strings (or missing values), a row's shape is which of them are missing, empty
 * or filled, one number, and each number's key is built once. 250,000 rows × 8 props made a few
 * hundred megabytes of short strings, which also made V8 promote the rows being queued.
 */
function createShapeKeys(): (props: Record<string, unknown>) => string {
  let names: string[] = [];
  let keys = new Map<number, string>();
  const relearn = (props: Record<string, unknown>) => {
    const own = Object.keys(props);
    if (own.length <= MAX_CACHED_SHAPE_PROPS && own.every((name) => props[name] === undefined || typeof props[name] === "string")) {
      names = own;
      keys = new Map();
    }
    return shapeKey(props);
  };
  return (props) => {
    let code = 0;
    let count = 0;
    for (const name in props) {
      if (!Object.hasOwn(props, name)) continue;
      const value = props[name];
      if (names[count] !== name || (value !== undefined && typeof value !== "string")) return relearn(props);
      code = code * 3 + (value === undefined ? 0 : value === "" ? 1 : 2);
      count++;
    }
    if (count !== names.length) return relearn(props);
    let key = keys.get(code);
    if (key === undefined) {
      key = shapeKey(props);
      keys.set(code, key);
    }
    return key;
  };
}

const valuesFor = (template: EmailTemplate, props: Record<string, unknown>) =>
  template.placeholders.map((name) => props[name] as string);

/**
 * Renders many emails of one kind fast enough for 250,000 recipients: the component renders once
 * per shape with placeholders for its string props, and each row keeps only its values (which
 * materializeEmail substitutes: HTML-escaped exactly as React would in the HTML, raw in the text).
 * Each shape is checked against a real render of its first row; a template that transforms a prop
 * falls back to real renders. `constantProps` names props that have the same value in every row
 * this renderer will see (the caller guarantees it): they are rendered into the template instead
 * of being kept per row.
 */
export function createBulkEmailRenderer<Props>(
  definition: EmailKindDefinition<Props>,
  kind = "email",
  { constantProps = new Set() }: { constantProps?: ReadonlySet<string> } = {},
): BulkEmailRenderer<Props> {
  const compiled = new Map<string, Promise<CompiledShape>>();
  const settled = new Map<string, CompiledShape>();
  const keyOf = createShapeKeys();

  async function compile(sample: Record<string, unknown>): Promise<CompiledShape> {
    const placeholders: string[] = [];
    const withPlaceholders: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(sample)) {
      if (typeof value === "string" && value !== "" && !constantProps.has(name)) {
        withPlaceholders[name] = placeholder(placeholders.length);
        placeholders.push(name);
      } else {
        withPlaceholders[name] = value;
      }
    }
    const html = await render(createEmailElement(definition, withPlaceholders as Props));
    const text = htmlToEmailText(html);
    const contentHash = createHash("sha256")
      .update(JSON.stringify([kind, placeholders, html, text]))
      .digest("hex");
    const template: EmailTemplate = { kind, contentHash, placeholders, html, text };
    // A marker the substitution would not recognise means React or html-to-text changed a value.
    if (containsPlaceholderMarks(html.replace(/\uE000\d+\uE001/g, "") + text.replace(/\uE000\d+\uE001/g, ""))) {
      return { verbatim: false, reason: "a prop is transformed before it is printed" };
    }
    const hrefStartProps = new Set(
      [...html.matchAll(/href="\uE000(\d+)\uE001/g)].map((match) => placeholders[Number(match[1])]),
    );
    // Rows with a hazardous href value always get a real render, so check the template on safe values.
    const check = { ...sample };
    for (const name of hrefStartProps) if (needsRealRender(check[name] as string)) check[name] = "https://example.com/";
    const expected = await renderEmailWith(definition, check as Props);
    const filled = materializeEmail(template, valuesFor(template, check));
    if (filled.html !== expected.html || filled.text !== expected.text) {
      return { verbatim: false, reason: "templated output differs from a real render of the first row" };
    }
    return { verbatim: true, template, hrefStartProps };
  }

  async function prepareSlowly(props: Props, normalized: Record<string, unknown>, key: string): Promise<PreparedEmail> {
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
    if (!ready.verbatim || needsOwnRender(ready, normalized)) {
      return { template: null, ...(await renderEmailWith(definition, props)) };
    }
    return templated(ready.template, normalized);
  }

  const needsOwnRender = (shape: CompiledShape & { verbatim: true }, normalized: Record<string, unknown>) => {
    for (const name of shape.hrefStartProps) if (needsRealRender(normalized[name] as string)) return true;
    return false;
  };

  const templated = (template: EmailTemplate, normalized: Record<string, unknown>): PreparedEmail => ({
    subject: definition.subject(normalized as Props),
    template,
    values: valuesFor(template, normalized),
  });

  function prepare(props: Props): PreparedEmail | Promise<PreparedEmail> {
    const normalized = normalizeEmailProps(props) as Record<string, unknown>;
    const key = keyOf(normalized);
    // Synchronous for nearly every row: an await per row is measurable at 250,000 rows.
    const ready = settled.get(key);
    if (ready?.verbatim && !needsOwnRender(ready, normalized)) return templated(ready.template, normalized);
    return prepareSlowly(props, normalized, key);
  }

  return {
    prepare,
    async render(props) {
      const prepared = await prepare(props);
      if (prepared.template === null) return { subject: prepared.subject, html: prepared.html, text: prepared.text };
      return { subject: prepared.subject, ...materializeEmail(prepared.template, prepared.values) };
    },
    shapes() {
      return [...settled].map(([key, shape]) =>
        shape.verbatim ? { key, verbatim: true } : { key, verbatim: false, reason: shape.reason },
      );
    },
  };
}
