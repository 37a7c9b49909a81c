/** A run of whole records of a CSV text, and how many records of the text come before it. */
export type CsvRecordSlice = { text: string; recordsBefore: number };

/**
 * Cuts CSV text after its header into slices of at least `size` characters that end at a record
 * boundary (a line feed outside quotes), so a large file can be parsed a slice at a time with
 * other work in between. Returns null for text it cannot cut safely — a `sep=` line or a blank
 * line before the header, no line feed after it — which the caller parses whole.
 *
 * A quote inside a quoted cell is written twice, so a line feed is outside quotes exactly when an
 * even number of quotes precede it. A misplaced cut (a stray quote in an unquoted cell) leaves
 * rows with the wrong number of cells, which the parser reports: a caller must parse the text
 * whole when a slice has problems.
 */
export function sliceCsvRecords(text: string, size: number): { header: string; slices: Iterable<CsvRecordSlice> } | null {
  const first = walkToRecordEnd(text, 0, 0);
  if (first.end === -1) return null;
  const header = text.slice(0, first.end);
  if (header.trim() === "" || /^sep=/i.test(header)) return null;
  return { header, slices: cutSlices(text, first.end, size) };
}

// Lazily, so cutting never scans the whole text in one go either.
function* cutSlices(text: string, from: number, size: number): Generator<CsvRecordSlice> {
  let records = 1;
  let start = from;
  while (start < text.length) {
    const { end, feeds } = start + size >= text.length ? { end: -1, feeds: 0 } : walkToRecordEnd(text, start, start + size);
    if (end === -1) {
      yield { text: text.slice(start), recordsBefore: records };
      return;
    }
    yield { text: text.slice(start, end), recordsBefore: records };
    records += feeds;
    start = end;
  }
}

/**
 * From `from` (outside quotes), the end of the first record that ends at or after `target` (just
 * past its line feed; -1 when no line feed outside quotes follows) and how many records end up to there.
 */
function walkToRecordEnd(text: string, from: number, target: number): { end: number; feeds: number } {
  let inQuotes = false;
  let feeds = 0;
  let at = from;
  let quote = text.indexOf('"', at);
  for (;;) {
    const feed = text.indexOf("\n", at);
    if (feed === -1) return { end: -1, feeds };
    while (quote !== -1 && quote < feed) {
      inQuotes = !inQuotes;
      quote = text.indexOf('"', quote + 1);
    }
    at = feed + 1;
    if (inQuotes) continue;
    feeds++;
    if (feed >= target) return { end: feed + 1, feeds };
  }
}
