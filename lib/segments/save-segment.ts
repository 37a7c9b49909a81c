import "server-only";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { DomainError, isUniqueViolation } from "@/lib/errors";
import { lockProjectSegments } from "./assert-no-segment-cycle";
import type { SegmentFilter } from "./segment-filter-schema";
import { SegmentDetailsSchema } from "./segment-input-schema";
import { validateSegmentFilterOrThrow } from "./validate-segment-filter";
import { writeSegmentDependencies } from "./write-segment-dependencies";

export type SaveSegmentInput = {
  name: string;
  description?: string | null;
  /** FILTER (default): re-evaluated on every use. STATIC: a list of backers (see addStaticSegmentMembers). */
  kind?: "FILTER" | "STATIC";
  /** Required for a FILTER segment, absent for a STATIC one. */
  filter?: unknown;
  /** Marks a generated segment (early bird, returning, …) so it can be found and refreshed. */
  systemKey?: string | null;
  createdById?: string | null;
};

export type SavedSegment = {
  id: string;
  name: string;
  description: string | null;
  kind: "FILTER" | "STATIC";
  filter: SegmentFilter | null;
  systemKey: string | null;
};

/** Turns the detail checks into the error an action returns. */
export function parseSegmentDetailsOrThrow(input: { name?: unknown; description?: unknown }) {
  const result = SegmentDetailsSchema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) (fieldErrors[String(issue.path[0] ?? "name")] ??= []).push(issue.message);
  throw new DomainError("INVALID_INPUT", result.error.issues[0].message, fieldErrors);
}

export function segmentNameConflict(name: string) {
  return new DomainError("CONFLICT", `A segment named “${name}” already exists in this project; choose another name`, {
    name: ["A segment with this name already exists"],
  });
}

/**
 * Creates a segment of the project and records which segments its filter refers to. The filter is
 * validated and every id in it must belong to the project (NOT_FOUND otherwise). Throws CONFLICT for
 * a name already used in the project. Run it inside `runInTransaction` (lib/db).
 */
export async function saveSegment(tx: Tx, projectId: string, input: SaveSegmentInput): Promise<SavedSegment> {
  const details = parseSegmentDetailsOrThrow(input);
  const kind = input.kind ?? "FILTER";
  if (kind === "STATIC" && input.filter !== undefined && input.filter !== null) {
    throw new DomainError("INVALID_INPUT", "A static segment is a list of backers and has no filter", {
      filter: ["A static segment has no filter"],
    });
  }
  if (kind === "FILTER" && (input.filter === undefined || input.filter === null)) {
    throw new DomainError("INVALID_INPUT", "Add at least one condition to the segment's filter", {
      filter: ["The filter is missing"],
    });
  }
  await lockProjectSegments(tx, projectId);
  const validated = kind === "FILTER" ? await validateSegmentFilterOrThrow(tx, projectId, input.filter) : null;
  try {
    const segment = await tx.segment.create({
      data: {
        projectId,
        name: details.name,
        description: details.description,
        kind,
        filter: validated ? (validated.filter as Prisma.InputJsonValue) : undefined,
        systemKey: input.systemKey ?? null,
        createdById: input.createdById ?? null,
      },
      select: { id: true, name: true, description: true, kind: true, systemKey: true },
    });
    // A new segment cannot be referred to yet, so its dependencies cannot close a cycle.
    if (validated) await writeSegmentDependencies(tx, segment.id, validated.dependsOnIds);
    return { ...segment, filter: validated?.filter ?? null };
  } catch (error) {
    if (isUniqueViolation(error)) {
      const target = JSON.stringify((error as { meta?: unknown }).meta ?? "");
      if (input.systemKey && target.includes("system_key")) {
        throw new DomainError(
          "CONFLICT",
          `The generated segment “${input.systemKey}” already exists; refresh it instead`,
        );
      }
      throw segmentNameConflict(details.name);
    }
    throw error;
  }
}
