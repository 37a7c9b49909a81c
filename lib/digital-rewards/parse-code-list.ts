import { validateAccessValue } from "./validate-access-value";

/**
 * Where an entry came from, for messages: a line of pasted text or a row of a file, and the entry's
 * position on it with how many entries it held (`of`), so a comma-separated line names each entry.
 */
export type CodeSource =
  { line: number; entry: number; of: number } | { row: number; file: string; entry: number; of: number };

export type RawCodeEntry = { value: string; source: CodeSource };

export type CodeList = {
  /** The codes, trimmed, in input order, each once (only when `problems` is empty). */
  codes: string[];
  /** Every problem with the list, specific enough to fix without guessing. Empty: the list is usable. */
  problems: string[];
  /** How many entries (non-blank) the input held, duplicates included. */
  entryCount: number;
  /**
   * Codes that differ only in letter case ("ABCD-1234" and "abcd-1234"), as problems. Kept apart
   * from `problems` because whether they are one code depends on the reward: most key systems
   * ignore case, so they count as repeats unless the reward's codes are case-sensitive.
   */
  caseVariantProblems: string[];
};

/** Most problems of one kind listed by value; the rest are counted. */
const LIST_LIMIT = 10;

/** "line 3", "line 3, entry 2", "row 7 of codes.csv" or "row 7, entry 2 of codes.csv" for a problem message. */
export function describeCodeSource(source: CodeSource): string {
  const entry = source.of > 1 ? `, entry ${source.entry}` : "";
  return "line" in source ? `line ${source.line}${entry}` : `row ${source.row}${entry} of ${source.file}`;
}

/**
 * Splits pasted codes: separated by commas or new lines (the reference's "separate each entry with
 * a comma"), whitespace around each trimmed. Empty lines and a comma at the end of a line are
 * forgiven (spreadsheets and editors leave them); an empty entry between two commas is not, since
 * it usually means a code went missing, so it is kept as a blank entry to be reported.
 */
export function splitCodeText(text: string): RawCodeEntry[] {
  const entries: RawCodeEntry[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  lines.forEach((line, lineIndex) => {
    if (line.trim() === "") return;
    const parts = line.split(",");
    if (parts.length > 1 && parts[parts.length - 1].trim() === "") parts.pop();
    parts.forEach((part, partIndex) => {
      entries.push({ value: part.trim(), source: { line: lineIndex + 1, entry: partIndex + 1, of: parts.length } });
    });
  });
  return entries;
}

/**
 * Checks a list of entries as unique access codes: blanks, spaces, bad links and codes given more
 * than once are each reported with where they are. All problems are collected (not just the
 * first), so one round of fixes is enough.
 */
export function checkCodeEntries(entries: readonly RawCodeEntry[]): CodeList {
  const problems: string[] = [];
  const blanks: CodeSource[] = [];
  const invalid: string[] = [];
  const seen = new Map<string, CodeSource[]>();
  for (const entry of entries) {
    if (entry.value === "") {
      blanks.push(entry.source);
      continue;
    }
    const check = validateAccessValue(entry.value, `The code on ${describeCodeSource(entry.source)}`);
    if (!check.ok) {
      invalid.push(check.message);
      continue;
    }
    const sources = seen.get(check.value);
    if (sources) sources.push(entry.source);
    else seen.set(check.value, [entry.source]);
  }
  if (blanks.length > 0) {
    const where = blanks.slice(0, LIST_LIMIT).map(describeCodeSource).join("; ");
    const more = blanks.length > LIST_LIMIT ? ` and ${blanks.length - LIST_LIMIT} more` : "";
    problems.push(
      `${blanks.length === 1 ? "1 entry is" : `${blanks.length} entries are`} blank (${where}${more}). Remove the extra commas or fill in the missing codes.`,
    );
  }
  problems.push(...invalid.slice(0, LIST_LIMIT));
  if (invalid.length > LIST_LIMIT)
    problems.push(`…and ${invalid.length - LIST_LIMIT} more codes with the same kind of problem.`);
  const byFoldedCase = new Map<string, string[]>();
  for (const value of seen.keys()) {
    const folded = value.toLowerCase();
    const variants = byFoldedCase.get(folded);
    if (variants) variants.push(value);
    else byFoldedCase.set(folded, [value]);
  }
  const caseVariants = [...byFoldedCase.values()].filter((variants) => variants.length > 1);
  const caseVariantProblems: string[] = [];
  if (caseVariants.length > 0) {
    const listed = caseVariants
      .slice(0, LIST_LIMIT)
      .map((variants) =>
        variants.map((value) => `"${value}" (${seen.get(value)!.map(describeCodeSource).join(", ")})`).join(" and "),
      )
      .join("; ");
    const more = caseVariants.length > LIST_LIMIT ? ` and ${caseVariants.length - LIST_LIMIT} more` : "";
    caseVariantProblems.push(
      `${caseVariants.length === 1 ? "1 code is" : `${caseVariants.length} codes are`} given more than once in different letter case: ${listed}${more}. Most key systems treat these as the same code: remove the repeats, or, if this reward's codes really are case-sensitive, say so on the reward's page.`,
    );
  }
  const duplicated = [...seen].filter(([, sources]) => sources.length > 1);
  if (duplicated.length > 0) {
    const listed = duplicated
      .slice(0, LIST_LIMIT)
      .map(([value, sources]) => `"${value}" (${sources.length} times: ${sources.map(describeCodeSource).join("; ")})`)
      .join("; ");
    const more = duplicated.length > LIST_LIMIT ? ` and ${duplicated.length - LIST_LIMIT} more` : "";
    problems.push(
      `${duplicated.length === 1 ? "1 code appears" : `${duplicated.length} codes appear`} more than once: ${listed}${more}. Each backer needs a different code: remove the repeats.`,
    );
  }
  return {
    codes: problems.length === 0 ? [...seen.keys()] : [],
    problems,
    entryCount: entries.filter((entry) => entry.value !== "").length,
    caseVariantProblems,
  };
}

/**
 * The problems of a list for a reward: its own problems, and codes differing only in letter case
 * unless the reward's codes are case-sensitive.
 */
export function codeListProblems(list: CodeList, caseSensitive: boolean): string[] {
  return caseSensitive ? list.problems : [...list.problems, ...list.caseVariantProblems];
}

/** Parses pasted codes (commas or new lines) and checks them; see splitCodeText and checkCodeEntries. */
export function parseCodeList(text: string): CodeList {
  const entries = splitCodeText(text);
  if (entries.length === 0)
    return {
      codes: [],
      problems: [
        "No codes were given. Paste the codes, separated by commas or new lines, or upload a CSV or TXT file with one code per row.",
      ],
      entryCount: 0,
      caseVariantProblems: [],
    };
  return checkCodeEntries(entries);
}

/**
 * The message when the number of codes does not match the recipients, or null when it does. The
 * reference requires exactly one code per recipient; backers who already have a code of this
 * reward are skipped and need none.
 */
export function describeCodeCountMismatch(
  codeCount: number,
  recipientCount: number,
  skippedCount: number,
): string | null {
  if (codeCount === recipientCount) return null;
  const codes = `${codeCount.toLocaleString("en-US")} ${codeCount === 1 ? "code" : "codes"}`;
  const recipients = `${recipientCount.toLocaleString("en-US")} ${recipientCount === 1 ? "recipient" : "recipients"}`;
  const skipped =
    skippedCount > 0
      ? ` (${skippedCount.toLocaleString("en-US")} selected ${skippedCount === 1 ? "backer already has" : "backers already have"} a code of this reward and ${skippedCount === 1 ? "is" : "are"} skipped)`
      : "";
  const difference = Math.abs(codeCount - recipientCount);
  const fix =
    codeCount < recipientCount
      ? `Add ${difference.toLocaleString("en-US")} more ${difference === 1 ? "code" : "codes"}, or select fewer backers.`
      : `Remove ${difference.toLocaleString("en-US")} ${difference === 1 ? "code" : "codes"}, or select more backers.`;
  return `You gave ${codes} for ${recipients}${skipped}: each recipient needs exactly one code. ${fix}`;
}
