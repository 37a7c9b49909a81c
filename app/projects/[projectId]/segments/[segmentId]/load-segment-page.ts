import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { countSegmentBackers } from "@/lib/segments/count-segment-backers";
import { getSegmentDetailsOrThrow } from "@/lib/segments/get-segment-details";

/** The project (membership checked) and the segment, or a 404; cached per request for layout and page. */
export const loadSegmentPage = cache(async (projectId: string, segmentId: string) => {
  const { user, project } = await loadProjectPage(projectId);
  try {
    return { user, project, segment: await getSegmentDetailsOrThrow(prisma, project.id, segmentId) };
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});

/**
 * How many backers the segment holds now, or why it cannot be counted (a filter naming something
 * deleted); cached per request for the layout's header and the page.
 */
export const loadSegmentCount = cache(
  async (projectId: string, segmentId: string): Promise<{ count: number | null; problem: string | null }> => {
    try {
      return {
        count: await countSegmentBackers(prisma, projectId, { type: "inAnyOfTheseSegments", segmentIds: [segmentId] }),
        problem: null,
      };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { count: null, problem: error.message };
    }
  },
);
