import type { Metadata } from "next";
import Link from "next/link";
import { IncentiveActionForm } from "@/components/segments/incentive-action-form";
import { Card } from "@/components/ui/card";
import { UnconfirmedLevelKindsNotice } from "@/components/unconfirmed-level-kinds-notice";
import { listUnconfirmedLevelKinds } from "@/lib/pledge-levels/list-unconfirmed-level-kinds";
import { prisma } from "@/lib/db/client";
import { listIncentiveFormOptions } from "@/lib/incentives/list-incentive-form-options";
import { applyIncentiveAction, previewIncentiveAction } from "../../actions";
import { loadSegmentPage } from "../load-segment-page";

export const metadata: Metadata = { title: "Segment Actions" };

export default async function SegmentActionsPage({
  params,
}: {
  params: Promise<{ projectId: string; segmentId: string }>;
}) {
  const { projectId, segmentId } = await params;
  const { project, segment } = await loadSegmentPage(projectId, segmentId);
  const options = await listIncentiveFormOptions(prisma, project.id);
  const common = {
    projectId: project.id,
    segmentId: segment.id,
    currency: project.currency,
    options,
    preview: previewIncentiveAction,
    apply: applyIncentiveAction,
  };
  const unconfirmed = await listUnconfirmedLevelKinds(prisma, project.id);
  return (
    <div className="space-y-6">
      <UnconfirmedLevelKindsNotice projectId={project.id} names={unconfirmed} />
      <p className="max-w-3xl text-sm text-slate-600">
        Give every backer of this segment complimentary credit or a free item. The segment is evaluated when you apply,
        the preview shows who is excluded by default, and the same incentive is never given twice to a pledge, even when
        applied again or to an overlapping segment. Applied incentives can be undone from{" "}
        <Link
          href={`/projects/${project.id}/segments/incentives`}
          className="font-medium text-indigo-700 hover:underline"
        >
          Incentives
        </Link>
        .
      </p>
      <div className="grid gap-6 xl:grid-cols-2">
        <Card title="Assign Complimentary Credit">
          <IncentiveActionForm kind="CREDIT" {...common} />
        </Card>
        <Card title="Manually Add an Item">
          {options.items.length === 0 ? (
            <p className="text-sm text-slate-600">This project has no items yet; they come with the backer import.</p>
          ) : (
            <IncentiveActionForm kind="ITEM" {...common} />
          )}
        </Card>
      </div>
    </div>
  );
}
