import type { FileProblem } from "./file-problem";

/**
 * Collects problems while keeping the list readable: a mistake repeated on 250,000 rows (a whole
 * column in the wrong format) is listed for its first rows and then counted, instead of producing a
 * quarter of a million entries the preview cannot show.
 */
export class FileProblemCollector {
  private readonly listed: FileProblem[] = [];
  private readonly counts = new Map<string, { count: number; example: FileProblem; summary: string }>();

  constructor(private readonly perKind = 50) {}

  /**
   * `kind` groups repeats of the same mistake (default: same file, column and message); `summary`
   * describes the mistake without one row's value, for the "N more rows" line.
   */
  add(problem: FileProblem, kind?: string, summary?: string): void {
    const key = kind ?? `${problem.file}|${problem.column ?? ""}|${problem.message}`;
    const entry = this.counts.get(key);
    if (entry === undefined) this.counts.set(key, { count: 1, example: problem, summary: summary ?? problem.message });
    else entry.count++;
    if ((entry?.count ?? 1) <= this.perKind) this.listed.push(problem);
  }

  addAll(problems: readonly FileProblem[]): void {
    for (const problem of problems) this.add(problem);
  }

  /** Takes over everything `other` collected (listed problems and counts), after what this one holds. */
  merge(other: FileProblemCollector): void {
    for (const problem of other.listed) this.listed.push(problem);
    for (const [key, entry] of other.counts) {
      const mine = this.counts.get(key);
      if (mine === undefined) this.counts.set(key, { ...entry });
      else mine.count += entry.count;
    }
  }

  get errorCount(): number {
    let errors = 0;
    for (const { count, example } of this.counts.values()) if (example.severity === "error") errors += count;
    return errors;
  }

  /** The listed problems, plus one summary per kind that went over the limit. */
  toList(): FileProblem[] {
    const summaries: FileProblem[] = [];
    for (const { count, example, summary } of this.counts.values()) {
      if (count <= this.perKind) continue;
      summaries.push({
        file: example.file,
        column: example.column,
        message: `${count - this.perKind} more rows have the same problem (${summary.replace(/\.$/, "")}); only the first ${this.perKind} are listed.`,
        fix: example.fix,
        severity: example.severity,
      });
    }
    return [...this.listed, ...summaries];
  }
}
