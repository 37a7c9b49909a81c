import { render, toPlainText } from "@react-email/components";
import { createElement, type FunctionComponent, type ReactElement } from "react";
import { emailKinds, type EmailKind, type EmailKindDefinition, type EmailProps } from "./email-kinds";

export type RenderedEmail = { subject: string; html: string; text: string };

// html-to-text shouts headings in capitals by default; emails read better without, and it keeps
// prop values verbatim in the text version (the bulk renderer relies on that).
const headingSelectors = ["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({
  selector,
  options: { uppercase: false },
}));

/** The plain-text alternative of a rendered email, derived from its HTML. */
export function htmlToEmailText(html: string): string {
  return toPlainText(html, { selectors: headingSelectors });
}

// Characters with no business in an email that HTML would collapse or mangle anyway. Stripping
// them up front makes what is stored identical whether a message was rendered alone or in bulk.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;
const WHITESPACE_RUN = /[ \t\r\n\f\u200b]+/g;

// Anything the two replacements or trim() would change; most values have none, and bulk queueing
// normalises 250,000 rows, so those are left alone without allocating.
const NEEDS_NORMALIZING = /[\u0000-\u0008\u000b-\u001f\u007f\t\n\r\f\u200b]| {2}|^\s|\s$/;

/**
 * Collapses whitespace runs and strips control characters in every string prop, as HTML would.
 * Returns `props` itself when nothing needs changing.
 */
export function normalizeEmailProps<Props>(props: Props): Props {
  if (typeof props !== "object" || props === null) return props;
  const source = props as Record<string, unknown>;
  let normalized: Record<string, unknown> | undefined;
  for (const name in source) {
    if (!Object.hasOwn(source, name)) continue;
    const value = source[name];
    if (typeof value !== "string" || !NEEDS_NORMALIZING.test(value)) continue;
    normalized ??= { ...source };
    normalized[name] = value.replace(CONTROL_CHARACTERS, "").replace(WHITESPACE_RUN, " ").trim();
  }
  return (normalized ?? props) as Props;
}

/** The element for a kind's component; the registry's generic props are checked at queueEmail's call site. */
export function createEmailElement<Props>(definition: EmailKindDefinition<Props>, props: Props): ReactElement {
  return createElement(
    definition.component as FunctionComponent<Record<string, unknown>>,
    props as Record<string, unknown>,
  );
}

/** Renders one email of a registered kind: subject, HTML and its plain-text alternative. */
export async function renderEmail<K extends EmailKind>(kind: K, props: EmailProps<K>): Promise<RenderedEmail> {
  return renderEmailWith(emailKinds[kind] as EmailKindDefinition<EmailProps<K>>, props);
}

/** `renderEmail` for a definition outside the registry (tests, previews). */
export async function renderEmailWith<Props>(
  definition: EmailKindDefinition<Props>,
  props: Props,
): Promise<RenderedEmail> {
  const normalized = normalizeEmailProps(props);
  const html = await render(createEmailElement(definition, normalized));
  return { subject: definition.subject(normalized), html, text: htmlToEmailText(html) };
}
