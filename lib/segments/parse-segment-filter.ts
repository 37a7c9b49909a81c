import { DomainError } from "@/lib/errors";
import { SegmentFilterSchema, type SegmentFilter } from "./segment-filter-schema";

/**
 * Validates a filter tree (from a form, an action or a stored segment) and returns it normalised.
 * Throws DomainError INVALID_INPUT whose message is the first problem and whose fieldErrors hold every
 * problem keyed by its path in the tree ("conditions.1.amount"; "filter" for the tree itself).
 */
export function parseSegmentFilterOrThrow(input: unknown): SegmentFilter {
  const result = SegmentFilterSchema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length === 0 ? "filter" : issue.path.join(".");
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const count = result.error.issues.length;
  const first = result.error.issues[0].message;
  const message = count === 1 ? first : `${first} (and ${count - 1} more problem${count > 2 ? "s" : ""})`;
  throw new DomainError("INVALID_INPUT", message, fieldErrors);
}
