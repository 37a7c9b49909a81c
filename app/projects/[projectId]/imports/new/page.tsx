import type { Metadata } from "next";
import { BackerImportFlow } from "@/components/imports/backer-import-flow";
import { PageHeader } from "@/components/ui/page-header";
import { MAX_BACKER_IMPORT_BYTES } from "@/lib/backers/import/read-backer-import-form";
import { loadProjectPage } from "@/lib/projects/load-project-page";

export const metadata: Metadata = { title: "Import backers" };

export default async function ImportBackersPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  return (
    <>
      <PageHeader
        title="Import backers"
        description="Upload your backer report, check the preview, then confirm. Importing an updated report again updates backers in place and never duplicates them."
      />
      <BackerImportFlow
        projectId={project.id}
        currency={project.currency}
        maxBytes={MAX_BACKER_IMPORT_BYTES}
        backersHref={`/projects/${project.id}/backers`}
        importsHref={`/projects/${project.id}/imports`}
        timeZone={project.timeZone}
      />
    </>
  );
}
