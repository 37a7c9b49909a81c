/** The most rows an export downloads at once: one page of the backer report. */
export const EXPORT_AT_ONCE_MAX_ROWS = 50;

/**
 * An export of more rows than one report page runs as a job in the worker (the creator downloads
 * the file when it is written); one page or less is answered at once, as the page itself is.
 */
export function exportRunsAsJob(rows: number): boolean {
  return rows > EXPORT_AT_ONCE_MAX_ROWS;
}
