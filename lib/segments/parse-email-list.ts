/** What a pasted list of emails contained. */
export type ParsedEmailList = {
  /** Trimmed, lower-cased, without duplicates, in the order they first appear. */
  emails: string[];
  /** Entries that are not email addresses, as typed (without duplicates), so they can be shown. */
  invalid: string[];
  /** How many entries repeated an earlier email (case-insensitively). */
  duplicateCount: number;
};

const EMAIL = /^[^\s@<>,;"()[\]]+@[^\s@<>,;"()[\]]+\.[^\s@<>,;"()[\]]+$/;
/** No deliverable address is longer (RFC 5321's path limit). */
export const MAX_EMAIL_LENGTH = 254;
/** Invalid entries are shown back to the creator; a runaway one is shortened. */
const MAX_SHOWN_LENGTH = 60;

const shorten = (value: string) => (value.length <= MAX_SHOWN_LENGTH ? value : `${value.slice(0, MAX_SHOWN_LENGTH - 1)}…`);
// A column header copied together with the column it heads.
const HEADER_WORDS = new Set(["email", "e-mail", "emails", "email address", "emailaddress"]);

function cleanCandidate(raw: string): string {
  return raw
    .trim()
    .replace(/^mailto:/i, "")
    .replace(/^['"`([]+|['"`)\].]+$/g, "")
    .trim();
}

/**
 * Reads a pasted list of emails in any separators: commas, semicolons, tabs, spaces, new lines, and
 * "Name <email>" or "\"Last, First\" <email>" forms (the name is ignored). Matching is
 * case-insensitive, so emails are lower-cased. Entries that are not emails are reported rather than
 * dropped silently.
 */
export function parseEmailList(text: string): ParsedEmailList {
  const candidates: string[] = [];
  const invalidRaw: string[] = [];

  // A quoted display name may itself contain separators ("Doe, Jane" <jane@example.com>).
  const withoutQuotedNames = text.replace(/"[^"\n]*"\s*(?=<)/g, " ");
  for (const chunk of withoutQuotedNames.split(/[,;\r\n]+/)) {
    if (chunk.trim() === "") continue;
    if (chunk.includes("<")) {
      // "Jane Doe <jane@x.com>": words outside the brackets are the name, unless they are emails.
      const brackets = [...chunk.matchAll(/<([^<>]*)>/g)];
      // Markup such as <script>alert(1)</script> is one wrong entry, reported as pasted.
      if (!brackets.some((match) => match[1].includes("@")) && !(brackets.length === 1 && brackets[0][0] === chunk.trim())) {
        invalidRaw.push(chunk.trim());
        continue;
      }
      let rest = chunk;
      for (const match of brackets) {
        candidates.push(match[1]);
        rest = rest.replace(match[0], " ");
      }
      for (const word of rest.split(/\s+/)) {
        if (word.includes("@") || word.includes("<") || word.includes(">")) candidates.push(word);
      }
      continue;
    }
    const trimmed = chunk.trim();
    if (HEADER_WORDS.has(trimmed.toLowerCase())) continue;
    // A line without any "@" is one mistake ("Jane Doe"), not one per word.
    if (!trimmed.includes("@")) {
      invalidRaw.push(trimmed);
      continue;
    }
    candidates.push(...trimmed.split(/\s+/));
  }

  const seen = new Set<string>();
  const emails: string[] = [];
  let duplicateCount = 0;
  for (const raw of candidates) {
    if (raw.trim() === "") continue;
    const cleaned = cleanCandidate(raw).toLowerCase();
    if (cleaned.length > MAX_EMAIL_LENGTH || !EMAIL.test(cleaned)) {
      if (!HEADER_WORDS.has(cleaned)) invalidRaw.push(raw.trim());
      continue;
    }
    if (seen.has(cleaned)) {
      duplicateCount += 1;
      continue;
    }
    seen.add(cleaned);
    emails.push(cleaned);
  }
  return { emails, invalid: [...new Set(invalidRaw.map(shorten))], duplicateCount };
}
