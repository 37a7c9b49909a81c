import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { UploadIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { loadProjectPage } from "@/lib/projects/load-project-page";

export const metadata: Metadata = { title: "Imports" };

export default async function ImportsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await loadProjectPage(projectId);
  return (
    <>
      <PageHeader
        title="Imports"
        description="Backer reports, tracking numbers, codes and contact lists you uploaded, with what each one changed."
      />
      <EmptyState icon={<UploadIcon />} title="Nothing imported yet">
        Start with the backer report from your crowdfunding platform. Every upload is previewed before anything changes.
      </EmptyState>
    </>
  );
}
