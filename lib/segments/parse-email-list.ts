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
      let rest = chunk;
      for (const match of chunk.matchAll(/<([^<>]*)>/g)) {
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
    if (!EMAIL.test(cleaned)) {
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
  return { emails, invalid: [...new Set(invalidRaw)], duplicateCount };
}
