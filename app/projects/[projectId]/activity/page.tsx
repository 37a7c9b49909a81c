import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { ClockIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { loadProjectPage } from "@/lib/projects/load-project-page";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await loadProjectPage(projectId);
  return (
    <>
      <PageHeader
        title="Activity"
        description="Who did what to how many backers: imports, bulk actions, incentives and their undos."
      />
      <EmptyState icon={<ClockIcon />} title="No activity yet">
        Every import and bulk action on this project is recorded here, with who did it and how many backers it touched.
      </EmptyState>
    </>
  );
}
