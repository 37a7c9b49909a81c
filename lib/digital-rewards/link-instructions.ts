/** A run of plain text or an http(s) link inside instructions. */
export type InstructionSegment = { text: string; href?: string };
/** One paragraph of instructions: lines, each a list of segments. */
export type InstructionParagraph = InstructionSegment[][];

export const MAX_INSTRUCTIONS_LENGTH = 5_000;

// Only http(s) links become links; anything else (javascript:, data:) stays plain text.
const LINK = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that ends a sentence rather than the link ("see https://example.com.").
const TRAILING = /[.,;:!?)\]}'"]+$/;

/**
 * Splits creator-written instructions into paragraphs (blank lines), lines and segments, turning
 * http and https addresses into links. Nothing else is interpreted: the text is shown as text, so
 * no markup or script written into instructions ever reaches a page or an email as HTML.
 */
export function linkInstructions(text: string): InstructionParagraph[] {
  const normalized = text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .trim();
  if (normalized === "") return [];
  return normalized.split(/\n\s*\n/).map((paragraph) =>
    paragraph
      .split("\n")
      .map((line) => line.replace(/[ \t]+/g, " ").trim())
      .filter((line) => line !== "")
      .map(linkLine),
  );
}

function linkLine(line: string): InstructionSegment[] {
  const segments: InstructionSegment[] = [];
  let last = 0;
  for (const match of line.matchAll(LINK)) {
    const trailing = TRAILING.exec(match[0])?.[0] ?? "";
    const href = match[0].slice(0, match[0].length - trailing.length);
    if (!URL.canParse(href)) continue;
    if (match.index > last) segments.push({ text: line.slice(last, match.index) });
    segments.push({ text: href, href });
    last = match.index + href.length;
  }
  if (last < line.length) segments.push({ text: line.slice(last) });
  return segments;
}
