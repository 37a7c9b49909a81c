import "server-only";
import type { Tx } from "@/lib/db/client";
import { countSegmentBackers } from "./count-segment-backers";
import { findEmailsWithoutBacker } from "./find-emails-without-backer";
import { listSegmentBackers, type SegmentBackerRow } from "./list-segment-backers";
import { parseSegmentFilterOrThrow } from "./parse-segment-filter";
import type { SegmentFilter } from "./segment-filter-schema";

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
 */
export async function previewSegmentFilter(
  db: Tx,
  projectId: string,
  filterInput: unknown,
  options: { sample?: number } = {},
): Promise<SegmentFilterPreview> {
  const filter = parseSegmentFilterOrThrow(filterInput);
  const count = await countSegmentBackers(db, projectId, filter);
  const { backers } =
    count === 0 ? { backers: [] } : await listSegmentBackers(db, projectId, filter, { limit: options.sample ?? 10 });
  const unmatchedEmails = await findEmailsWithoutBacker(db, projectId, collectEmails(filter, []));
  return { count, backers, unmatchedEmails };
}
