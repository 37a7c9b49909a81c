import type { Metadata } from "next";
import { SkuPerColumnExportButtons } from "@/components/segments/sku-per-column-export-buttons";
import { Card } from "@/components/ui/card";
import { loadSegmentCount, loadSegmentPage } from "../load-segment-page";

export const metadata: Metadata = { title: "Export Reports" };

export default async function ExportReportsPage({
  params,
}: {
  params: Promise<{ projectId: string; segmentId: string }>;
}) {
  const { projectId, segmentId } = await params;
  const { project, segment } = await loadSegmentPage(projectId, segmentId);
  const { count } = await loadSegmentCount(project.id, segment.id);
  return (
    <Card title="SKU per Column">
      <p className="max-w-2xl text-sm text-slate-600">
        One row per backer of “{segment.name}” with their pledge, its Pledged At time ({project.timeZone}) and
        complimentary credit, and one quantity column per item: the pledge level&apos;s contents, add-ons and free
        incentive items. Cells that a spreadsheet would run as a formula are escaped.
      </p>
      <SkuPerColumnExportButtons
        projectId={project.id}
        exportUrl={`/projects/${project.id}/segments/${segment.id}/export/sku-per-column`}
        segmentName={segment.name}
        count={count}
      />
      <p className="mt-2 max-w-2xl text-sm text-slate-600">
        The Excel workbook keeps amounts and quantities as numbers, Pledged At as dates and backer numbers as text. A
        segment of more than 50 backers is written on the server: follow it here or on the Activity page, where the file
        stays to download.
      </p>
    </Card>
  );
}
