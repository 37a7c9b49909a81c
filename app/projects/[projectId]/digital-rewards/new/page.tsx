import type { Metadata } from "next";
import { DigitalRewardForm } from "@/components/digital-rewards/digital-reward-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { createDigitalRewardAction } from "../actions";

export const metadata: Metadata = { title: "New digital reward" };

export default async function NewDigitalRewardPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  return (
    <>
      <PageHeader
        title="New digital reward"
        description="A reward that only needs a code or a URL to access: a game key, a soundtrack download, print-and-play files."
      />
      <Card className="max-w-2xl">
        <DigitalRewardForm
          projectId={project.id}
          action={createDigitalRewardAction}
          cancelHref={`/projects/${project.id}/digital-rewards`}
        />
      </Card>
    </>
  );
}
