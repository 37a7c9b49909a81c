import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { loadProjectPage } from "@/lib/projects/load-project-page";

export const metadata: Metadata = { title: "Digital rewards" };

export default async function DigitalRewardsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await loadProjectPage(projectId);
  return (
    <>
      <PageHeader
        title="Digital rewards"
        description="Codes and download links for backers: a bank of unique codes, or one shared link."
      />
      <EmptyState icon={<KeyIcon />} title="No digital rewards yet">
        Add a digital reward, upload its codes, and send each eligible backer exactly one. Import your backers first so
        there is someone to send them to.
      </EmptyState>
    </>
  );
}
