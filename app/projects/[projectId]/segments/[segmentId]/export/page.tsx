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
      <div className="mt-4 flex flex-wrap gap-2">
        <a
          href={`/projects/${project.id}/segments/${segment.id}/export/sku-per-column?format=xlsx`}
          className={buttonClasses("primary", "md")}
          download
        >
          Download SKU per Column (Excel)
        </a>
        <a href={`/projects/${project.id}/segments/${segment.id}/export/sku-per-column`} className={buttonClasses("secondary", "md")} download>
          Download SKU per Column (CSV)
        </a>
      </div>
      <p className="mt-2 max-w-2xl text-sm text-slate-600">
        The Excel workbook keeps amounts and quantities as numbers, Pledged At as dates and backer numbers as text.
      </p>
    </Card>
  );
}
