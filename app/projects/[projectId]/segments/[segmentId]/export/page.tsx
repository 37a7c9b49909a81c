import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { buttonClasses } from "@/components/ui/button-classes";
import { loadSegmentPage } from "../load-segment-page";

export const metadata: Metadata = { title: "Export Reports" };

export default async function ExportReportsPage({
  params,
}: {
  params: Promise<{ projectId: string; segmentId: string }>;
}) {
  const { projectId, segmentId } = await params;
  const { project, segment } = await loadSegmentPage(projectId, segmentId);
  return (
    <Card title="SKU per Column">
      <p className="max-w-2xl text-sm text-slate-600">
        One row per backer of “{segment.name}” with their pledge, its Pledged At time (UTC) and complimentary credit,
        and one quantity column per item: the pledge level&apos;s contents, add-ons and free incentive items. Cells that
        a spreadsheet would run as a formula are escaped.
      </p>
      <a
        href={`/projects/${project.id}/segments/${segment.id}/export/sku-per-column`}
        className={buttonClasses("primary", "md", "mt-4")}
        download
      >
        Download SKU per Column (CSV)
      </a>
    </Card>
  );
}
