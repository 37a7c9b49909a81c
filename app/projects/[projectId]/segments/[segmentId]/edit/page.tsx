import type { Metadata } from "next";
import { SegmentBuilder } from "@/components/segments/segment-builder";
import { StaticSegmentDetailsForm } from "@/components/segments/static-segment-details-form";
import { Alert } from "@/components/ui/alert";
import { prisma } from "@/lib/db/client";
import { listSegmentBuilderOptions } from "@/lib/segments/list-segment-builder-options";
import { SegmentFilterSchema } from "@/lib/segments/segment-filter-schema";
import { previewSegmentFilterAction, updateSegmentAction } from "../../actions";
import { loadSegmentPage } from "../load-segment-page";

export const metadata: Metadata = { title: "Edit segment" };

export default async function EditSegmentPage({
  params,
}: {
  params: Promise<{ projectId: string; segmentId: string }>;
}) {
  const { projectId, segmentId } = await params;
  const { project, segment } = await loadSegmentPage(projectId, segmentId);
  if (segment.kind === "STATIC") {
    return (
      <div className="space-y-5">
        <Alert tone="info" title="A static list has no filter">
          Its backers were added by hand: add more from the backer report with “Add to segment”. To pick backers by
          rules instead, create a filter segment that includes this one with “In any of these Segments”.
        </Alert>
        <StaticSegmentDetailsForm
          projectId={project.id}
          segmentId={segment.id}
          initialName={segment.name}
          initialDescription={segment.description}
          save={updateSegmentAction}
        />
      </div>
    );
  }
  const options = await listSegmentBuilderOptions(prisma, project.id);
  const parsed = SegmentFilterSchema.safeParse(segment.filter);
  return (
    <SegmentBuilder
      projectId={project.id}
      options={options}
      segmentId={segment.id}
      initialName={segment.name}
      initialDescription={segment.description}
      initialFilter={parsed.success ? parsed.data : null}
      preview={previewSegmentFilterAction}
      save={updateSegmentAction}
    />
  );
}
