import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { compileSegmentFilter } from "./compile-segment-filter";
import { countBackersWhere } from "./count-segment-backers";
import { findEmailsWithoutBacker } from "./find-emails-without-backer";
import { listSegmentBackersWhere, type SegmentBackerRow } from "./list-segment-backers";
import { loadSegmentFilterContextOrThrow } from "./load-segment-filter-context";
import { parseSegmentFilterOrThrow } from "./parse-segment-filter";
import type { SegmentFilter } from "./segment-filter-schema";
import { SEGMENT_QUERY_WORK_MEM } from "./with-segment-query-settings";

export type SegmentFilterPreview = {
  count: number;
  /** The first matching backers, in pledge order. */
  backers: SegmentBackerRow[];
  /** Emails of "Backers with emails" conditions that match no backer of the project. */
  unmatchedEmails: string[];
};

function collectEmails(filter: SegmentFilter, into: string[]): string[] {
  if (filter.type === "and" || filter.type === "or") filter.conditions.forEach((c) => collectEmails(c, into));
  else if (filter.type === "not") collectEmails(filter.condition, into);
  else if (filter.type === "backersWithEmails") into.push(...filter.emails);
  return into;
}

/**
 * The segment builder's live answer while the creator edits: how many backers match, the first few,
 * and which pasted emails found nobody. Validates the filter like saving would (INVALID_INPUT,
 * NOT_FOUND), so the builder can show the same message before the creator saves.
 *
 * Runs at every pause in typing, so it does the least it can: the filter is parsed and compiled
 * once, and everything runs in one read-only REPEATABLE READ transaction, so the count and the
 * sample come from the same snapshot (a backer imported meanwhile is in both or in neither).
 * Given a transaction, it runs in that one.
 */
export async function previewSegmentFilter(
  db: Tx,
  projectId: string,
  filterInput: unknown,
  options: { sample?: number } = {},
): Promise<SegmentFilterPreview> {
  const filter = parseSegmentFilterOrThrow(filterInput);
  const emails = collectEmails(filter, []);
  const run = async (tx: Tx): Promise<SegmentFilterPreview> => {
    const context = await loadSegmentFilterContextOrThrow(tx, projectId, filter);
    const where = Prisma.sql`b.project_id = ${projectId}::uuid AND ${compileSegmentFilter(filter, context)}`;
    const count = await countBackersWhere(tx, where);
    const { backers } = count === 0 ? { backers: [] } : await listSegmentBackersWhere(tx, where, options.sample ?? 10, null);
    const unmatchedEmails = await findEmailsWithoutBacker(tx, projectId, emails);
    return { count, backers, unmatchedEmails };
  };
  const settings = { work_mem: SEGMENT_QUERY_WORK_MEM };
  if (!("$connect" in db)) return runInTransaction(run, { db, settings });
  return runInTransaction(run, { db, isolation: "repeatable read", readOnly: true, timeout: 60_000, maxWait: 10_000, settings });
}
