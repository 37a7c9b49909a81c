import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { compileSegmentFilter } from "./compile-segment-filter";
import { loadSegmentFilterContextOrThrow } from "./load-segment-filter-context";
import { parseSegmentFilterOrThrow } from "./parse-segment-filter";

/**
 * The WHERE condition selecting a project's backers that match a filter, over
 * `backer b JOIN pledge p ON p.backer_id = b.id`. The filter is validated (INVALID_INPUT) and every id
 * in it must belong to the project (NOT_FOUND). Returns the condition and the normalised filter.
 */
export async function segmentWhereSql(db: Tx, projectId: string, filterInput: unknown) {
  const filter = parseSegmentFilterOrThrow(filterInput);
  const context = await loadSegmentFilterContextOrThrow(db, projectId, filter);
  const where = Prisma.sql`b.project_id = ${projectId}::uuid AND ${compileSegmentFilter(filter, context)}`;
  return { where, filter };
}
