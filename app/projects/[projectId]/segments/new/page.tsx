import type { Metadata } from "next";
import { SegmentBuilder } from "@/components/segments/segment-builder";
import { PageHeader } from "@/components/ui/page-header";
import { UnconfirmedLevelKindsNotice } from "@/components/unconfirmed-level-kinds-notice";
import { listUnconfirmedLevelKinds } from "@/lib/pledge-levels/list-unconfirmed-level-kinds";
import { prisma } from "@/lib/db/client";
import { listSegmentBuilderOptions } from "@/lib/segments/list-segment-builder-options";
import type { SegmentFilter } from "@/lib/segments/segment-filter-schema";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { createSegmentAction, previewSegmentFilterAction } from "../actions";

export const metadata: Metadata = { title: "Create a New Segment" };

type Search = { inSegment?: string };

export default async function NewSegmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<Search>;
}) {
  const { projectId } = await params;
  const { inSegment } = await searchParams;
  const { project } = await loadProjectPage(projectId);
  const options = await listSegmentBuilderOptions(prisma, project.id);
  // "Combine it with pledge levels": a link from a partner segment starts from that segment.
  const start = options.segments.find((s) => s.id === inSegment);
  const initialFilter: SegmentFilter | null = start
    ? {
        type: "and",
        conditions: [
          { type: "inAnyOfTheseSegments", segmentIds: [start.id] },
          { type: "inPledgeLevels", pledgeLevelIds: [] },
        ],
      }
    : null;
  return (
    <>
      <PageHeader
        title="Create a New Segment"
        description="Name the segment, choose filters, and watch the number of matching backers change as you edit. Save it, then use its Segment Actions tab to give credit or a free item."
      />
      <div className="mb-4">
        <UnconfirmedLevelKindsNotice projectId={project.id} names={await listUnconfirmedLevelKinds(prisma, project.id)} />
      </div>
      <SegmentBuilder
        projectId={project.id}
        options={options}
        initialFilter={initialFilter}
        initialName={start ? `${start.name} in physical tiers` : ""}
        preview={previewSegmentFilterAction}
        save={createSegmentAction}
      />
    </>
  );
}
