import "server-only";
import type { Tx } from "@/lib/db/client";
import { compileSegmentFilter } from "./compile-segment-filter";
import { loadSegmentFilterContextOrThrow } from "./load-segment-filter-context";
import { parseSegmentFilterOrThrow } from "./parse-segment-filter";
import { collectSegmentFilterReferences, type SegmentFilter } from "./segment-filter-schema";

/**
 * Everything that must hold before a filter is stored: it parses (INVALID_INPUT), every id in it
 * belongs to the project (NOT_FOUND), and it compiles (no cycle through stored segments, not too large).
 * Returns the normalised filter and the segments it refers to directly.
 */
export async function validateSegmentFilterOrThrow(
  db: Tx,
  projectId: string,
  filterInput: unknown,
): Promise<{ filter: SegmentFilter; dependsOnIds: string[] }> {
  const filter = parseSegmentFilterOrThrow(filterInput);
  const context = await loadSegmentFilterContextOrThrow(db, projectId, filter);
  compileSegmentFilter(filter, context);
  return { filter, dependsOnIds: collectSegmentFilterReferences(filter).segmentIds };
}
