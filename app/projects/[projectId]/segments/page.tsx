import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterIcon } from "@/components/ui/icons";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { loadProjectPage } from "@/lib/projects/load-project-page";

export const metadata: Metadata = { title: "Segments" };

export default async function SegmentsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  return (
    <>
      <PageHeader
        title="Segments"
        description="Groups of backers defined by filters, such as early birds or failed payments, for incentives and bulk actions."
      />
      <EmptyState
        icon={<FilterIcon />}
        title="No segments yet"
        action={<LinkButton href={`/projects/${project.id}/imports`}>Import backers</LinkButton>}
      >
        Segments become available once backers are imported. Build one from filters on the backer report, then use it to
        give incentives.
      </EmptyState>
    </>
  );
}
