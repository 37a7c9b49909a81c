import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { loadProjectPage } from "@/lib/projects/load-project-page";
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
