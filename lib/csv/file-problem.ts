/**
 * One thing wrong (or worth knowing) about an uploaded file, shared by every upload in the product
 * (backer reports, tracking numbers, code lists, email lists). `row` is the row number a spreadsheet
 * shows (the header is row 1); `fix` tells the person what to do about it.
 */
export type FileProblem = {
  file: string;
  row?: number;
  column?: string;
  value?: string;
  message: string;
  fix: string;
  severity: "error" | "warning";
};

/** Whether any problem blocks the upload. */
export function hasErrors(problems: readonly FileProblem[]): boolean {
  return problems.some((problem) => problem.severity === "error");
}

/** A single line for logs, error messages and plain-text reports: "file, row 3, column Email: message Fix." */
export function formatFileProblem(problem: FileProblem): string {
  const where = [
    problem.file,
    problem.row === undefined ? undefined : `row ${problem.row}`,
    problem.column === undefined ? undefined : `column "${problem.column}"`,
  ]
    .filter(Boolean)
    .join(", ");
  return `${where}: ${problem.message} ${problem.fix}`.trim();
}

/** A byte count as people read it: "812 bytes", "4.2 MB". */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

/** Shortens a cell for display inside a problem, so a runaway cell does not flood the preview. */
export function clipValue(value: string, max = 80): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
