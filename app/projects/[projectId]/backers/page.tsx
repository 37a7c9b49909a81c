import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { UsersIcon } from "@/components/ui/icons";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { countProjectBackers } from "@/lib/projects/count-project-backers";
import { loadProjectPage } from "@/lib/projects/load-project-page";

export const metadata: Metadata = { title: "Backer report" };

export default async function BackerReportPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  const backerCount = await countProjectBackers(project.id);
  return (
    <>
      <PageHeader
        title="Backer report"
        description="Every backer of the campaign with their pledge level, amount and payment status."
      />
      {backerCount === 0 ? (
        <EmptyState
          icon={<UsersIcon />}
          title="No backers yet"
          action={<LinkButton href={`/projects/${project.id}/imports`}>Import backers</LinkButton>}
        >
          Import the backer report CSV you exported from your crowdfunding platform: every backer, pledge level and
          payment status will appear here.
        </EmptyState>
      ) : (
        <Card>
          <p className="text-3xl font-bold tracking-tight text-slate-900">
            {backerCount.toLocaleString("en-US")}
            <span className="ml-2 text-base font-medium text-slate-500">
              {backerCount === 1 ? "backer" : "backers"}
            </span>
          </p>
          <p className="mt-2 text-sm text-slate-600">
            The searchable, filterable table of these backers lives here. To add more, import another backer report.
          </p>
        </Card>
      )}
    </>
  );
}
