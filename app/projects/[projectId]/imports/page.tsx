import type { Metadata } from "next";
import { BackerImportFlow } from "@/components/imports/backer-import-flow";
import { ImportHistoryTable } from "@/components/imports/import-history-table";
import { UploadIcon } from "@/components/ui/icons";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { listProjectImports } from "@/lib/backers/import/list-project-imports";
import { MAX_BACKER_IMPORT_BYTES } from "@/lib/backers/import/read-backer-import-form";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { roleCan } from "@/lib/projects/project-permissions";

export const metadata: Metadata = { title: "Imports" };

/**
 * The imports history. A project that has imported nothing yet opens straight on the backer
 * upload, since that is the first thing a new project needs (new projects land here).
 */
export default async function ImportsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  const imports = await listProjectImports(project.id);
  const canEdit = roleCan(project.role, "edit");
  if (imports.length === 0 && !canEdit) {
    return (
      <>
        <PageHeader
          title="Imports"
          description="Backer reports, tracking numbers, codes and contact lists uploaded to this project."
        />
        <p className="text-sm text-slate-600">
          Nothing has been imported yet. An owner or a collaborator imports the backer report.
        </p>
      </>
    );
  }
  if (imports.length === 0) {
    return (
      <>
        <PageHeader
          title="Import your backers"
          description="Start with the backer report from your crowdfunding platform: Kickstarter’s CSV or ZIP, or another platform’s CSV. You see a preview before anything changes."
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
  return (
    <>
      <PageHeader
        title="Imports"
        description="Backer reports, tracking numbers, codes and contact lists you uploaded, with what each one changed."
        actions={
          canEdit ? (
            <LinkButton href={`/projects/${project.id}/imports/new`}>
              <UploadIcon className="size-4" />
              Import backers
            </LinkButton>
          ) : undefined
        }
      />
      <ImportHistoryTable projectId={project.id} imports={imports} timeZone={project.timeZone} />
    </>
  );
}
